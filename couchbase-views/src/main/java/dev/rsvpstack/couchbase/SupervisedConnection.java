package dev.rsvpstack.couchbase;

import dev.rsvpstack.couchbase.internal.SupervisedSdkConnection;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.discovery.RestartRequestListener;
import dev.rsvpstack.discovery.ServiceListener;
import dev.rsvpstack.discovery.ServiceSnapshot;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A connection that follows a discovered Couchbase: register it as the listener of a watch. When the
 * instances change it connects to the new ones first and swaps ({@link RestartPolicy#RELOAD}); the old
 * connection is closed once the queries in flight on it are done, so a move fails none of them. Under
 * {@link RestartPolicy#EXIT} it asks the launcher for a restart instead. Built on discovery-lib's
 * {@code ComponentSupervisor}.
 *
 * <pre>{@code
 * SupervisedConnection couchbase = SupervisedConnection.builder()
 *         .policy(RestartPolicy.RELOAD)
 *         .settings(snapshot -> settings.withNodes(snapshot.hostsAndPorts()))
 *         .build();
 * discovery.watch("couchbase", couchbase);                 // connects on the first snapshot
 * }</pre>
 *
 * Until the first connection, queries fail with a {@link CouchbaseViewException} and
 * {@link #health()} says so.
 */
public interface SupervisedConnection extends CouchbaseConnection, ServiceListener {
    /** Whether a connection is up (the first snapshot had an instance and it connected). */
    boolean connected();

    /** How many times a new connection replaced the old one. */
    long reconnects();

    static Builder builder() {
        return new Builder();
    }

    /** Collects the parts; {@link #build()} checks them. */
    final class Builder {
        private String name = "couchbase";
        private RestartPolicy policy;
        private RestartRequestListener restartListener;
        private Function<ServiceSnapshot, CouchbaseSettings> settings;
        private Consumer<CouchbaseConnection> onReconnect;

        private Builder() {
        }

        /** For logs and restart reasons; {@code couchbase} by default. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** RELOAD or EXIT. Required. */
        public Builder policy(RestartPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** Hears restart requests. Required for EXIT. */
        public Builder restartListener(RestartRequestListener restartListener) {
            this.restartListener = restartListener;
            return this;
        }

        /** The settings for a snapshot's instances. Required. */
        public Builder settings(Function<ServiceSnapshot, CouchbaseSettings> settings) {
            this.settings = settings;
            return this;
        }

        /**
         * Optional: told of each new connection right after the swap, before the old one closes, and of
         * the first connection when it came from the watch (Couchbase registered after the start).
         */
        public Builder onReconnect(Consumer<CouchbaseConnection> onReconnect) {
            this.onReconnect = onReconnect;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming what is missing
         */
        public SupervisedConnection build() {
            if (settings == null) {
                throw new IllegalArgumentException(name + ": settings for a snapshot are required");
            }
            return new SupervisedSdkConnection(name, policy, restartListener, settings, onReconnect);
        }
    }
}
