package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Closer;
import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.ConfigKey;
import dev.rsvpstack.discovery.ConfigListener;
import dev.rsvpstack.discovery.ConnectionState;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.DiscoveryException;
import dev.rsvpstack.discovery.EtcdMemberStatus;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.discovery.ServiceKeys;
import dev.rsvpstack.discovery.ServiceListener;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.discovery.Subscription;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Discovery} on etcd v3 through jetcd. Owns the client and everything it started. */
public final class EtcdDiscoveryImpl implements Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdDiscoveryImpl.class);

    private final EtcdClients clients;
    private final EtcdSettings settings;
    private final Reachability reachability;
    private final QuorumMonitor quorum;
    private final InvalidEntries invalid;
    private final Map<String, ServiceSnapshot> lastGood = new ConcurrentHashMap<>();
    /** Watches, registrations and elections, closed in reverse order before the client. */
    private final Closer owned = new Closer("etcd discovery");
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "discovery-etcd-monitor");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed;

    public EtcdDiscoveryImpl(EtcdClients clients, EtcdSettings settings, MeterRegistry registry) {
        this.clients = clients;
        this.settings = settings;
        this.reachability = new Reachability(settings.endpointList(), registry);
        this.invalid = new InvalidEntries(registry);
        this.quorum = new QuorumMonitor(settings.endpoints(), this::memberStatus, settings.requestTimeout(), registry);
        clients.followStatuses(quorum::members);
        // While etcd is unreachable nothing else may ask it anything (a resumed watch is silent
        // until a change): ask once a second, so the state turns back as soon as it answers.
        monitor.scheduleWithFixedDelay(this::pingWhileUnreachable, 1, 1, TimeUnit.SECONDS);
        long interval = settings.healthCheckInterval().toMillis();
        monitor.scheduleWithFixedDelay(this::checkQuorum, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void checkQuorum() {
        try {
            quorum.check();
        } catch (RuntimeException e) {
            LOG.error("checking the etcd members' leaders failed", e);
        }
    }

    /**
     * One member's own view of the leader: a serializable count of {@code /services/}, which the
     * member answers from its own copy (so its revision is its own) but, like every request of
     * ours, refuses when it has no leader. Through the member's own client; a member found only in
     * the member list (the status command) is asked once over a new channel.
     */
    CompletableFuture<EtcdMemberStatus> memberStatus(URI endpoint) {
        Client member = clients.member(endpoint);
        if (member == null) {
            return clients.shared().getMaintenanceClient().statusMember(endpoint.toString())
                    .thenApply(status -> new EtcdMemberStatus(endpoint, status.getLeader() != 0
                            ? EtcdMemberStatus.Quorum.HAS_LEADER : EtcdMemberStatus.Quorum.NO_LEADER,
                            status.getHeader().getRevision()));
        }
        return member.getKVClient().get(Bytes.of(ServiceKeys.SERVICES_ROOT),
                        GetOption.builder().isPrefix(true).withCountOnly(true).withSerializable(true).build())
                .thenApply(response -> new EtcdMemberStatus(endpoint, EtcdMemberStatus.Quorum.HAS_LEADER,
                        response.getHeader().getRevision()));
    }

    /** What each configured member said at the last check (every one "has a leader" before the first). */
    public List<EtcdMemberStatus> members() {
        return quorum.members();
    }

    /** Whether etcd answers, for the helpers of this package that watch. */
    Reachability reachability() {
        return reachability;
    }

    /** The quorum monitor, for the helpers of this package that watch. */
    QuorumMonitor quorum() {
        return quorum;
    }

    private void pingWhileUnreachable() {
        if (reachability.state() == ConnectionState.UNREACHABLE) {
            try {
                ping();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.debug("etcd still unreachable: {}", Failures.describe(e));
            }
        }
    }

    /** A jetcd client for the next request (a member with a leader's), for the helpers of this package. */
    public Client client() {
        return clients.preferred();
    }

    public EtcdSettings settings() {
        return settings;
    }

    /** One cheap read, to tell whether etcd answers at all, waiting at most the request timeout. */
    public void ping() throws Exception {
        ping(settings.requestTimeout());
    }

    /** {@link #ping()}, waiting at most {@code timeout} (the start-up wait gives what is left of its deadline). */
    public void ping(Duration timeout) throws Exception {
        CompletableFuture<GetResponse> answer = clients.preferred().getKVClient()
                .get(Bytes.of(ServiceKeys.SERVICES_ROOT), GetOption.builder().withCountOnly(true).build());
        try {
            answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true); // jetcd would otherwise keep retrying a request nobody waits for
            throw e;
        }
        reachability.answered();
    }

    @Override
    public ServiceSnapshot lookup(String service) {
        ServiceKeys.requireName(service, "service");
        String prefix = ServiceKeys.servicePrefix(service);
        try {
            GetResponse response = PrefixRead.get(clients::preferred, prefix, settings);
            reachability.answered();
            InstanceTable table = new InstanceTable(service, settings.defaultPort(service), invalid);
            for (KeyValue kv : response.getKvs()) {
                String value = Bytes.text(kv.getValue());
                table.instanceId(Bytes.text(kv.getKey()), value).ifPresent(id -> table.put(id, value));
            }
            ServiceSnapshot snapshot = table.snapshot(response.getHeader().getRevision());
            lastGood.put(service, snapshot);
            return snapshot;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while looking up " + prefix, e);
        } catch (Exception e) {
            reachability.failed("looking up " + prefix, e);
            ServiceSnapshot cached = lastGood.get(service);
            if (cached != null) {
                return cached;
            }
            throw new DiscoveryException("etcd at " + settings.endpointList() + " did not answer a lookup of " + prefix
                    + " (" + Failures.describe(e) + ") and no earlier snapshot of '" + service + "' exists", e);
        }
    }

    @Override
    public Map<String, ServiceSnapshot> lookupAll() {
        try {
            GetResponse response = PrefixRead.get(clients::preferred, ServiceKeys.SERVICES_ROOT, settings);
            reachability.answered();
            Map<String, InstanceTable> tables = new HashMap<>();
            for (KeyValue kv : response.getKvs()) {
                String key = Bytes.text(kv.getKey());
                String value = Bytes.text(kv.getValue());
                int slash = key.indexOf('/', ServiceKeys.SERVICES_ROOT.length());
                if (slash < 0) {
                    invalid.report(key, value, "not of the form /services/<service>/<instance>");
                    continue;
                }
                String service = key.substring(ServiceKeys.SERVICES_ROOT.length(), slash);
                InstanceTable table = tables.computeIfAbsent(service,
                        s -> new InstanceTable(s, settings.defaultPort(s), invalid));
                table.instanceId(key, value).ifPresent(id -> table.put(id, value));
            }
            long revision = response.getHeader().getRevision();
            Map<String, ServiceSnapshot> snapshots = new HashMap<>();
            tables.forEach((service, table) -> snapshots.put(service, table.snapshot(revision)));
            lastGood.putAll(snapshots);
            return Map.copyOf(snapshots);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while listing /services/", e);
        } catch (Exception e) {
            reachability.failed("listing /services/", e);
            if (!lastGood.isEmpty()) {
                return Map.copyOf(lastGood);
            }
            throw new DiscoveryException("etcd at " + settings.endpointList() + " did not answer a listing of "
                    + "/services/ (" + Failures.describe(e) + ") and no earlier snapshot exists", e);
        }
    }

    @Override
    public synchronized Subscription watch(String service, ServiceListener listener) {
        requireOpen();
        ServiceKeys.requireName(service, "service");
        EtcdServiceWatch watch = new EtcdServiceWatch(clients::preferred, settings, service, listener, reachability,
                quorum, invalid, snapshot -> lastGood.put(service, snapshot), lastGood.get(service)).start();
        owned.register(watch);
        return watch;
    }

    @Override
    public synchronized Config config(String service, Collection<? extends ConfigKey<?>> keys,
                                      ConfigListener listener) {
        requireOpen();
        EtcdConfigWatch config = new EtcdConfigWatch(clients::preferred, settings, reachability, quorum, service, keys,
                listener).start();
        owned.register(config);
        return config;
    }

    @Override
    public synchronized Registration register(RegistrationRequest request) {
        requireOpen();
        EtcdRegistration registration = new EtcdRegistration(clients::preferred, request, settings, reachability).start();
        owned.register(registration);
        return registration;
    }

    @Override
    public synchronized LeaderElection leaderElection(String electionName, String candidateId, Duration ttl,
                                                      LeaderListener listener) {
        requireOpen();
        // Closed before the client (owned is closed in reverse order, the client last).
        EtcdLeaderElection election = EtcdLeaderElection.start(clients::preferred, electionName, candidateId, ttl,
                listener);
        QuorumMonitor.Listener members = new QuorumMonitor.Listener() {
            @Override
            public void leaderLost() {
                election.memberLostLeader();
            }

            @Override
            public void leaderBack() {
                // nothing waits for this: a campaign moved when the member lost its leader
            }
        };
        quorum.addListener(members);
        owned.register("stop following etcd members for election " + electionName,
                () -> quorum.removeListener(members));
        owned.register(election);
        return election;
    }

    @Override
    public ConnectionState state() {
        ConnectionState reached = reachability.state();
        return reached == ConnectionState.CONNECTED && !quorum.quorum() ? ConnectionState.NO_QUORUM : reached;
    }

    /** How many garbage entries were ignored so far. */
    public long invalidEntries() {
        return invalid.count();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("discovery is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitor.shutdownNow();
        owned.close();
        clients.close();
        reachability.unregister();
        quorum.close();
        invalid.unregister();
    }
}
