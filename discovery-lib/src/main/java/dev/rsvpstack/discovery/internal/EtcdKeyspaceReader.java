package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.DiscoveryException;
import dev.rsvpstack.discovery.EtcdMemberStatus;
import dev.rsvpstack.discovery.KeyspaceEntry;
import dev.rsvpstack.discovery.KeyspaceListing;
import dev.rsvpstack.discovery.KeyspaceReader;
import dev.rsvpstack.discovery.ServiceKeys;
import dev.rsvpstack.discovery.Subscription;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.cluster.Member;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link KeyspaceReader} on the client of an {@link EtcdDiscoveryImpl}, which it owns and closes. */
public final class EtcdKeyspaceReader implements KeyspaceReader {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdKeyspaceReader.class);
    private static final List<String> ROOTS =
            List.of(ServiceKeys.SERVICES_ROOT, ServiceKeys.ELECTIONS_ROOT, ServiceKeys.CONFIG_ROOT);

    private final EtcdDiscoveryImpl discovery;

    public EtcdKeyspaceReader(EtcdDiscoveryImpl discovery) {
        this.discovery = discovery;
    }

    @Override
    public KeyspaceListing read() {
        long timeout = discovery.settings().requestTimeout().toMillis();
        try {
            GetOption prefix = GetOption.builder().isPrefix(true).build();
            TxnResponse txn = discovery.client().getKVClient().txn()
                    .Then(ROOTS.stream().map(root -> Op.get(Bytes.of(root), prefix)).toArray(Op[]::new))
                    .commit().get(timeout, TimeUnit.MILLISECONDS);
            List<GetResponse> gets = txn.getGetResponses();
            Map<Long, Optional<Duration>> leases = leasesLeft(gets, timeout);
            return new KeyspaceListing(txn.getHeader().getRevision(), entries(gets.get(0), leases),
                    entries(gets.get(1), leases), entries(gets.get(2), leases));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while reading etcd", e);
        } catch (Exception e) {
            throw new DiscoveryException("etcd at " + discovery.settings().endpointList() + " did not answer a read of "
                    + ROOTS + " (" + Failures.describe(e) + ")", e);
        }
    }

    /** Asks etcd for every lease at once; a lease etcd no longer knows has zero left. */
    private Map<Long, Optional<Duration>> leasesLeft(List<GetResponse> gets, long timeout) throws Exception {
        Map<Long, CompletableFuture<Optional<Duration>>> asked = new HashMap<>();
        for (GetResponse get : gets) {
            for (KeyValue kv : get.getKvs()) {
                if (kv.getLease() != 0) {
                    asked.computeIfAbsent(kv.getLease(), id -> discovery.client().getLeaseClient()
                            .timeToLive(id, LeaseOption.DEFAULT)
                            .thenApply(r -> Optional.of(Duration.ofSeconds(Math.max(0, r.getTTL())))));
                }
            }
        }
        Map<Long, Optional<Duration>> left = new HashMap<>();
        for (Map.Entry<Long, CompletableFuture<Optional<Duration>>> entry : asked.entrySet()) {
            left.put(entry.getKey(), entry.getValue().get(timeout, TimeUnit.MILLISECONDS));
        }
        return left;
    }

    private static List<KeyspaceEntry> entries(GetResponse get, Map<Long, Optional<Duration>> leases) {
        List<KeyspaceEntry> entries = new ArrayList<>();
        for (KeyValue kv : get.getKvs()) {
            entries.add(new KeyspaceEntry(Bytes.text(kv.getKey()), Bytes.text(kv.getValue()), kv.getCreateRevision(),
                    kv.getLease() == 0 ? Optional.empty() : leases.get(kv.getLease())));
        }
        return entries;
    }

    @Override
    public List<EtcdMemberStatus> members() {
        Set<URI> endpoints = new LinkedHashSet<>(discovery.settings().endpoints());
        try {
            // A member answers the member list from its own copy, but the client requires a leader
            // of every request: a cut-off member refuses it, and only the configured ones are shown.
            for (Member member : discovery.client().getClusterClient().listMember()
                    .get(discovery.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS).getMembers()) {
                member.getClientURIs().stream().findFirst().ifPresent(endpoints::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("listing etcd's members failed: {}", Failures.describe(e));
        }
        return QuorumMonitor.askAll(List.copyOf(endpoints), discovery::memberStatus,
                discovery.settings().requestTimeout());
    }

    @Override
    public Subscription watch(Runnable onChange) {
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "discovery-keyspace-watch");
            t.setDaemon(true);
            return t;
        });
        List<PrefixWatch> watches = new ArrayList<>();
        for (String root : ROOTS) {
            // The same watch as services use: it follows members that lose their leader, and a
            // re-list after an outage (not the first listing) shows as one more change.
            AtomicBoolean listed = new AtomicBoolean();
            PrefixWatch watch = new PrefixWatch(discovery::client, root, false, discovery.settings(),
                    discovery.reachability(), discovery.quorum(), thread, new PrefixWatch.Handler() {
                        @Override
                        public long list() throws Exception {
                            long revision = discovery.client().getKVClient()
                                    .get(Bytes.of(root), GetOption.builder().isPrefix(true).withCountOnly(true).build())
                                    .get(discovery.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                                    .getHeader().getRevision();
                            if (listed.getAndSet(true)) {
                                onChange.run();
                            }
                            return revision;
                        }

                        @Override
                        public void onEvents(List<WatchEvent> events) {
                            onChange.run();
                        }
                    });
            watches.add(watch);
            try {
                // started before watch() returns, so that a change made right after it is seen
                thread.submit(watch::start).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.warn("starting the watch of {} failed: {}", root, Failures.describe(e));
            }
        }
        return () -> {
            watches.forEach(watch -> thread.execute(watch::close));
            thread.shutdown();
        };
    }

    @Override
    public void close() {
        discovery.close();
    }
}
