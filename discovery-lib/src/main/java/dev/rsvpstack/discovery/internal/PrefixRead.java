package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A linearizable read of a whole prefix that one member cut off from its peers cannot hold up. In
 * the second or so before such a member notices it has lost the leader, it neither answers nor
 * refuses a linearizable read (it waits for the leader's read index); after that it refuses at once
 * and jetcd retries elsewhere. So the request timeout is split over one attempt per endpoint: the
 * client spreads calls over its members, and an attempt that got no answer is made again, most likely
 * on another member. The whole read still takes at most the request timeout.
 */
final class PrefixRead {
    private PrefixRead() {
    }

    static GetResponse get(Supplier<Client> clients, String prefix, EtcdSettings settings) throws Exception {
        int attempts = Math.max(1, Math.min(settings.endpoints().size(), 3));
        long perAttempt = settings.requestTimeout().toNanos() / attempts;
        TimeoutException late = null;
        for (int i = 0; i < attempts; i++) {
            CompletableFuture<GetResponse> answer = clients.get().getKVClient()
                    .get(Bytes.of(prefix), GetOption.builder().isPrefix(true).build());
            try {
                return answer.get(perAttempt, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                answer.cancel(true); // jetcd would otherwise keep retrying a request nobody waits for
                late = e;
            }
        }
        throw late;
    }
}
