package dev.rsvpstack.couchbase.internal;

import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.CouchbaseViewException;
import dev.rsvpstack.couchbase.DesignDocument;
import dev.rsvpstack.couchbase.SupervisedConnection;
import dev.rsvpstack.couchbase.ViewHealth;
import dev.rsvpstack.couchbase.ViewQuery;
import dev.rsvpstack.couchbase.ViewRow;
import dev.rsvpstack.discovery.ComponentSupervisor;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.discovery.RestartRequestListener;
import dev.rsvpstack.discovery.ServiceChange;
import dev.rsvpstack.discovery.ServiceSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** An {@link SdkConnection} kept in step with discovery by a {@link ComponentSupervisor}. */
public final class SupervisedSdkConnection implements SupervisedConnection {
    private final String name;
    private final ComponentSupervisor<SdkConnection> supervisor;
    private final HealthTracker health = new HealthTracker(Clock.systemUTC());

    public SupervisedSdkConnection(String name, RestartPolicy policy, RestartRequestListener restarts,
                                   Function<ServiceSnapshot, CouchbaseSettings> settings,
                                   Consumer<CouchbaseConnection> onReconnect) {
        this.name = name;
        ComponentSupervisor.Builder<SdkConnection> builder = ComponentSupervisor.<SdkConnection>builder()
                .name(name).policy(policy).restartListener(restarts)
                .factory(snapshot -> SdkConnection.open(settings.apply(snapshot)));
        if (onReconnect != null) {
            builder.onSwap(onReconnect);
        }
        this.supervisor = builder.build();
    }

    @Override
    public void onSnapshot(ServiceSnapshot snapshot, List<ServiceChange> changes) {
        supervisor.onSnapshot(snapshot, changes);
    }

    @Override
    public boolean connected() {
        try {
            supervisor.current();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public long reconnects() {
        return supervisor.rebuilds();
    }

    @Override
    public String bucket() {
        return current().bucket();
    }

    @Override
    public void ensure(DesignDocument designDocument) {
        current().ensure(designDocument);
    }

    /** A query that lands on a connection retired by a swap a moment ago is asked again on the new one. */
    @Override
    public List<ViewRow> query(ViewQuery query) {
        for (int attempt = 0; ; attempt++) {
            SdkConnection connection;
            try {
                connection = current();
            } catch (CouchbaseViewException e) {
                health.failed(e.getMessage());
                throw e;
            }
            try {
                List<ViewRow> rows = connection.query(query);
                health.succeeded();
                return rows;
            } catch (SdkConnection.Retired e) {
                if (attempt >= 2) {
                    health.failed(e.getMessage());
                    throw e;
                }
            } catch (RuntimeException e) {
                health.failed(e.getMessage());
                throw e;
            }
        }
    }

    @Override
    public ViewHealth health() {
        return health.current();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return current().unwrap(type);
    }

    @Override
    public void close() {
        supervisor.close();
    }

    private SdkConnection current() {
        try {
            return supervisor.current();
        } catch (IllegalStateException e) {
            throw new CouchbaseViewException(name + ": no Couchbase connection (none registered under /services/"
                    + name + "/ yet, or it could not connect)", e);
        }
    }

    @Override
    public String toString() {
        return "SupervisedConnection[" + name + "]";
    }
}
