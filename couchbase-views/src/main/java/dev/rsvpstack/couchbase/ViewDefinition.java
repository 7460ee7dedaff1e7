package dev.rsvpstack.couchbase;

import java.util.Optional;

/**
 * One view of a design document.
 *
 * @param name   the view's name
 * @param map    the JavaScript map function
 * @param reduce the reduce function ({@code _count}, {@code _sum}, {@code _stats} or JavaScript), or {@code null}
 */
public record ViewDefinition(String name, String map, String reduce) {
    public ViewDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a view needs a name");
        }
        if (map == null || map.isBlank()) {
            throw new IllegalArgumentException("view '" + name + "' needs a map function");
        }
        if (reduce != null && reduce.isBlank()) {
            reduce = null;
        }
    }

    public Optional<String> reduceFunction() {
        return Optional.ofNullable(reduce);
    }
}
