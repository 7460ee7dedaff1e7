package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.DiscoveryException;
import dev.rsvpstack.discovery.KeyspaceEntry;
import dev.rsvpstack.discovery.KeyspaceListing;
import dev.rsvpstack.discovery.KeyspaceReader;
import dev.rsvpstack.discovery.ServiceKeys;
import dev.rsvpstack.discovery.Subscription;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.WatchOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    public Subscription watch(Runnable onChange) {
        List<Watch.Watcher> watchers = new ArrayList<>();
        for (String root : ROOTS) {
            watchers.add(discovery.client().getWatchClient().watch(Bytes.of(root),
                    WatchOption.builder().isPrefix(true).build(),
                    Watch.listener(events -> onChange.run(), error -> {
                        // jetcd resumes the watch itself; a re-read shows whether etcd answers.
                        LOG.debug("watch of {} interrupted: {}", root, Failures.describe(error));
                        onChange.run();
                    })));
        }
        return () -> watchers.forEach(Watch.Watcher::close);
    }

    @Override
    public void close() {
        discovery.close();
    }
}
