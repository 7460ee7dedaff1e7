package dev.rsvpstack.session.bench;

import dev.rsvpstack.session.DemoServer;
import dev.rsvpstack.session.KeyPlacement;
import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's server: {@link DemoServer} (a minimal Undertow handler) with session-lib on the
 * memcached nodes given. Run by bench/session-lib/run:
 * {@code SessionBenchMain <port> <host:port,host:port,...> [NPM_MEMCACHED|XMEMCACHED_KETAMA] [heir-off]}
 * ({@code heir-off}: without the heir backup, the baseline of its cost). Stops on SIGTERM.
 */
public final class SessionBenchMain {
    private SessionBenchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: SessionBenchMain <port> <memcached host:port,...> [placement] [heir-off]");
            return;
        }
        int port = Integer.parseInt(args[0]);
        List<InetSocketAddress> nodes = Arrays.stream(args[1].split(",")).map(node -> {
            String[] hostPort = node.trim().split(":");
            return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        }).toList();
        KeyPlacement placement = args.length >= 3 ? KeyPlacement.valueOf(args[2]) : KeyPlacement.NPM_MEMCACHED;
        MemcachedSettings.Builder settings = MemcachedSettings.builder().nodes(nodes).placement(placement);
        if (args.length == 4) {
            if (!args[3].equals("heir-off")) {
                System.err.println("the fourth argument is heir-off or nothing, not " + args[3]);
                return;
            }
            settings.heirBackup(false);
        }
        MemcachedSettings built = settings.build();
        MemcachedSessionStore store = SessionStores.memcached(built);
        Sessions sessions = Sessions.builder(store, SessionSettings.builder("bench secret").build()).build();
        DemoServer server = new DemoServer(sessions, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            store.close();
            System.out.println("stats " + sessions.stats());
            stopped.countDown();
        }, "bench-shutdown"));
        System.out.println("ready " + server.uri("/") + " placement " + placement + " heirBackup " + built.heirBackup());
        stopped.await();
    }
}
