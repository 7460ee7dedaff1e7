package dev.rsvpstack.couchbase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One view query. Keys are JSON values: a {@link String}, a {@link Number}, a {@link Boolean}, or a
 * {@link List} / {@link Map} of those (compound keys like {@code [2026, 11]}).
 *
 * <pre>{@code
 * ViewQuery latest = ViewQuery.builder("rsvps", "latest_by_mtime").descending(true).limit(10).build();
 * ViewQuery perMinute = ViewQuery.builder("rsvps", "per_minute").group(true)
 *         .startKey(from).endKey(to).inclusiveEnd(true).build();
 * }</pre>
 *
 * @param designDocument the design document (production namespace)
 * @param view           the view
 * @param descending     newest (highest key) first
 * @param limit          at most this many rows; {@code null} for all
 * @param skip           rows to skip first
 * @param startKey       the first key, or {@code null}
 * @param endKey         the last key, or {@code null}
 * @param inclusiveEnd   whether a row with {@code endKey} itself is returned (the server's default is true; the
 *                       builder's too)
 * @param reduce         {@code false} to read a reduced view's map rows; {@code null} for the view's default
 * @param group          one row per distinct key (reduced views)
 * @param groupLevel     group compound keys by their first N elements; {@code null} for none
 */
public record ViewQuery(String designDocument, String view, boolean descending, Integer limit, int skip,
                        Object startKey, Object endKey, boolean inclusiveEnd, Boolean reduce, boolean group,
                        Integer groupLevel) {

    public static Builder builder(String designDocument, String view) {
        return new Builder(designDocument, view);
    }

    /** {@code design/view}, for messages. */
    public String path() {
        return designDocument + "/" + view;
    }

    /** Collects the options; {@link #build()} rejects combinations the server would refuse. */
    public static final class Builder {
        private final String designDocument;
        private final String view;
        private boolean descending;
        private Integer limit;
        private int skip;
        private Object startKey;
        private Object endKey;
        private boolean inclusiveEnd = true;
        private Boolean reduce;
        private boolean group;
        private Integer groupLevel;

        private Builder(String designDocument, String view) {
            this.designDocument = designDocument;
            this.view = view;
        }

        public Builder descending(boolean descending) {
            this.descending = descending;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder skip(int skip) {
            this.skip = skip;
            return this;
        }

        public Builder startKey(Object key) {
            this.startKey = key;
            return this;
        }

        public Builder endKey(Object key) {
            this.endKey = key;
            return this;
        }

        public Builder inclusiveEnd(boolean inclusiveEnd) {
            this.inclusiveEnd = inclusiveEnd;
            return this;
        }

        public Builder reduce(boolean reduce) {
            this.reduce = reduce;
            return this;
        }

        public Builder group(boolean group) {
            this.group = group;
            return this;
        }

        public Builder groupLevel(int groupLevel) {
            this.groupLevel = groupLevel;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every problem
         */
        public ViewQuery build() {
            List<String> problems = new ArrayList<>();
            if (designDocument == null || designDocument.isBlank()) {
                problems.add("design document must not be blank");
            }
            if (view == null || view.isBlank()) {
                problems.add("view must not be blank");
            }
            if (limit != null && limit < 0) {
                problems.add("limit must not be negative, was " + limit);
            }
            if (skip < 0) {
                problems.add("skip must not be negative, was " + skip);
            }
            if (groupLevel != null && groupLevel < 0) {
                problems.add("groupLevel must not be negative, was " + groupLevel);
            }
            if ((group || groupLevel != null) && Boolean.FALSE.equals(reduce)) {
                problems.add("group and groupLevel need the reduce step, but reduce is false");
            }
            checkKey(problems, "startKey", startKey);
            checkKey(problems, "endKey", endKey);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid view query " + designDocument + "/" + view + ": "
                        + String.join("; ", problems));
            }
            return new ViewQuery(designDocument, view, descending, limit, skip, startKey, endKey, inclusiveEnd,
                    reduce, group, groupLevel);
        }

        private static void checkKey(List<String> problems, String name, Object key) {
            if (key != null && !isJson(key)) {
                problems.add(name + " must be a string, number, boolean, or a list or map of those; got "
                        + key.getClass().getName());
            }
        }

        private static boolean isJson(Object value) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return true;
            }
            if (value instanceof List<?> list) {
                return list.stream().allMatch(v -> v == null || isJson(v));
            }
            if (value instanceof Map<?, ?> map) {
                return map.entrySet().stream().allMatch(e -> e.getKey() instanceof String
                        && (e.getValue() == null || isJson(e.getValue())));
            }
            return false;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ViewQuery q && descending == q.descending && skip == q.skip
                && inclusiveEnd == q.inclusiveEnd && group == q.group && designDocument.equals(q.designDocument)
                && view.equals(q.view) && Objects.equals(limit, q.limit) && Objects.equals(startKey, q.startKey)
                && Objects.equals(endKey, q.endKey) && Objects.equals(reduce, q.reduce)
                && Objects.equals(groupLevel, q.groupLevel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(designDocument, view, descending, limit, skip, startKey, endKey, inclusiveEnd, reduce,
                group, groupLevel);
    }
}
