package dev.rsvpstack.session;

import dev.rsvpstack.session.internal.RecordSecrets;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * @param placement        which node holds a key; {@link KeyPlacement#NPM_MEMCACHED} by default, so that
 *                         connect-memcached finds the same sessions on every node
 * @param recordSecret     connect-memcached's {@code secret} option: when present, records are encrypted
 *                         at rest exactly as connect-memcached (kruptein, AES-256-GCM) encrypts them, and
 *                         records that are not are treated as missing. Never printed
 * @param heirBackup       whether each session is also kept on its heir, the node that takes its key over
 *                         when its node is withdrawn (on by default with {@link KeyPlacement#NPM_MEMCACHED};
 *                         it does nothing while there is one node); see session-lib's README, "A node's death"
 */
public record MemcachedSettings(List<InetSocketAddress> nodes, String keyPrefix, Duration operationTimeout,
        Duration connectTimeout, int maxItemBytes, KeyPlacement placement, Optional<String> recordSecret,
        boolean heirBackup) {
    /** memcached's default item size limit, 1 MiB, less room for the item's key and header. */
    public static final int DEFAULT_MAX_ITEM_BYTES = 1024 * 1024 - 512;

    public MemcachedSettings {
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(recordSecret, "recordSecret");
    }

    /**
     * The name of {@code node} on the placement ring: {@code host:port}, the port always written (11211
     * too), the host as given (a name stays a name, never resolved or reverse-resolved), an IPv6
     * address in brackets in its full form ({@code [0:0:0:0:0:0:0:1]:11211}). A discovery entry
     * {@code host}, {@code host:port} or {@code [v6]:port} becomes {@code new InetSocketAddress(host,
     * port)} with the default port 11211, so every instance reading the same etcd keys names the nodes
     * alike. Give npm {@code memcached} exactly these strings (session-lib's README shows how).
     */
    public static String serverString(InetSocketAddress node) {
        String host = node.getHostString();
        if (host.indexOf(':') >= 0) {
            host = "[" + fullIpv6(host) + "]";
        }
        return host + ":" + node.getPort();
    }

    private static String fullIpv6(String literal) {
        try {
            return InetAddress.getByName(literal).getHostAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return literal;
        }
    }

    @Override
    public String toString() {
        return "MemcachedSettings[nodes=" + nodes + ", keyPrefix=" + keyPrefix + ", operationTimeout="
                + operationTimeout + ", connectTimeout=" + connectTimeout + ", maxItemBytes=" + maxItemBytes
                + ", placement=" + placement + ", recordSecret=" + recordSecret.map(s -> "(set)").orElse("(none)")
                + ", heirBackup=" + heirBackup + "]";
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
        private KeyPlacement placement = KeyPlacement.NPM_MEMCACHED;
        private String recordSecret;
        private Boolean heirBackup;

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

        public Builder placement(KeyPlacement placement) {
            this.placement = placement;
            return this;
        }

        /**
         * Encrypts records at rest as connect-memcached does with the same {@code secret}. The secret
         * must pass kruptein's complexity rule (at least 8 characters, 2 upper case, 2 lower case, 2
         * digits, 2 punctuation), or connect-memcached could not write with it.
         */
        public Builder recordSecret(String secret) {
            this.recordSecret = secret;
            return this;
        }

        /**
         * Whether to keep a second copy of each session on its heir: the node npm {@code memcached}'s ring
         * picks for the key once the key's node is withdrawn. A dead node's sessions are then found there by
         * both Java and Node after the withdrawal, and by Java already before it. On by default (it costs
         * one more write per session write and does nothing while there is one node); needs
         * {@link KeyPlacement#NPM_MEMCACHED}.
         */
        public Builder heirBackup(boolean enabled) {
            this.heirBackup = enabled;
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
            if (placement == null) {
                throw new IllegalArgumentException("placement must be set (NPM_MEMCACHED is the default)");
            }
            if (recordSecret != null && !RecordSecrets.complexEnough(recordSecret)) {
                throw new IllegalArgumentException("recordSecret must have at least 8 characters, 2 upper case, "
                        + "2 lower case, 2 digits and 2 punctuation characters (connect-memcached's kruptein "
                        + "refuses weaker secrets)");
            }
            if (Boolean.TRUE.equals(heirBackup) && placement != KeyPlacement.NPM_MEMCACHED) {
                throw new IllegalArgumentException("heirBackup needs placement NPM_MEMCACHED: the heir of a key is "
                        + "computed on npm memcached's ring, not on xmemcached's Ketama");
            }
            return new MemcachedSettings(nodes, keyPrefix, operationTimeout, connectTimeout, maxItemBytes, placement,
                    Optional.ofNullable(recordSecret), heirBackup == null ? placement == KeyPlacement.NPM_MEMCACHED
                            : heirBackup);
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + value);
            }
        }
    }
}
