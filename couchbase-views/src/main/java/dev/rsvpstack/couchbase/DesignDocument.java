package dev.rsvpstack.couchbase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A design document: a name and its views, always created in the production namespace (development
 * views, {@code dev_*}, only index a sample of the bucket). Ensuring one adds the views it lacks and
 * keeps the views others put in the same document.
 *
 * @param name  the design document's name, without {@code _design/}
 * @param views its views, at least one, with distinct names
 */
public record DesignDocument(String name, List<ViewDefinition> views) {
    public DesignDocument {
        if (name == null || name.isBlank() || name.startsWith("_design/") || name.startsWith("dev_")) {
            throw new IllegalArgumentException("a design document needs a plain production name (no _design/, "
                    + "no dev_), got '" + name + "'");
        }
        views = List.copyOf(Objects.requireNonNull(views, "views"));
        if (views.isEmpty()) {
            throw new IllegalArgumentException("design document '" + name + "' has no view");
        }
        if (new HashSet<>(views.stream().map(ViewDefinition::name).toList()).size() != views.size()) {
            throw new IllegalArgumentException("design document '" + name + "' names a view twice");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The view called {@code view}, if this document has it. */
    public Optional<ViewDefinition> view(String view) {
        return views.stream().filter(v -> v.name().equals(view)).findFirst();
    }

    /** Collects views; {@link #build()} checks them. */
    public static final class Builder {
        private final String name;
        private final List<ViewDefinition> views = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** A view with a map function only. */
        public Builder view(String view, String map) {
            views.add(new ViewDefinition(view, map, null));
            return this;
        }

        /** A view with a map and a reduce function ({@code _count}, {@code _sum}, {@code _stats} or JavaScript). */
        public Builder view(String view, String map, String reduce) {
            views.add(new ViewDefinition(view, map, reduce));
            return this;
        }

        public DesignDocument build() {
            return new DesignDocument(name, views);
        }
    }
}
