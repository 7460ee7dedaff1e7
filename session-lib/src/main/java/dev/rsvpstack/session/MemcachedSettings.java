package dev.rsvpstack.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link SessionStores#memcached(MemcachedSettings)} reaches memcached. Build with
 * {@link #builder()}; {@link Builder#build()} rejects nonsense so that a typo fails at start-up, not
 * at the first request.
 *
 * @param nodes            the memcached nodes, at least one
 * @param keyPrefix        prepended to the session id to make the memcached key; {@code sess:} as the
 *                         book configured connect-memcached (connect-memcached 3.x itself defaults to
 *                         no prefix)
 * @param operationTimeout how long one memcached operation may take before the request goes on
 *                         without it; bounds a request's latency when memcached is down
 * @param connectTimeout   how long connecting to one node may take
 * @param maxItemBytes     the largest value written; memcached's item limit ({@code -I}, 1 MiB by
 *                         default) less the item header. Larger sessions are not written, and logged
 */
public record MemcachedSettings(List<InetSocketAddress> nodes, String keyPrefix, Duration operationTimeout,
        Duration connectTimeout, int maxItemBytes) {
    /** memcached's default item size limit, 1 MiB, less room for the item's key and header. */
    public static final int DEFAULT_MAX_ITEM_BYTES = 1024 * 1024 - 512;

    public MemcachedSettings {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings; {@link #build()} validates them. */
    public static final class Builder {
        private final List<InetSocketAddress> nodes = new ArrayList<>();
        private String keyPrefix = "sess:";
        private Duration operationTimeout = Duration.ofMillis(250);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private int maxItemBytes = DEFAULT_MAX_ITEM_BYTES;

        private Builder() {
        }

        /** Replaces the node list. */
        public Builder nodes(List<InetSocketAddress> addresses) {
            nodes.clear();
            nodes.addAll(addresses);
            return this;
        }

        /** Adds one node. */
        public Builder node(InetSocketAddress address) {
            nodes.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder maxItemBytes(int bytes) {
            this.maxItemBytes = bytes;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public MemcachedSettings build() {
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("memcached needs at least one node");
            }
            if (nodes.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("memcached nodes must not contain null: " + nodes);
            }
            if (keyPrefix == null || keyPrefix.length() > 40 || !keyPrefix.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("keyPrefix must be up to 40 printable ASCII characters without "
                        + "space, not '" + keyPrefix + "'");
            }
            requirePositive("operationTimeout", operationTimeout);
            requirePositive("connectTimeout", connectTimeout);
            if (maxItemBytes < 1024) {
                throw new IllegalArgumentException("maxItemBytes must be at least 1024, not " + maxItemBytes);
            }
            return new MemcachedSettings(nodes, keyPrefix, operationTimeout, connectTimeout, maxItemBytes);
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + value);
            }
        }
    }
}
