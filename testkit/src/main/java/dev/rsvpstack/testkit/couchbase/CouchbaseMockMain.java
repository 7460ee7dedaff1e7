package dev.rsvpstack.testkit.couchbase;

import com.couchbase.mock.BucketConfiguration;
import com.couchbase.mock.CouchbaseMock;
import com.couchbase.mock.memcached.MemcachedServer;
import java.lang.reflect.Field;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM's entry point for {@link CouchbaseMockProcess}. CouchbaseMock's own {@code main} always
 * hands out ephemeral KV ports (it passes {@code bucketStartPort = 0}), so a restarted mock would come
 * back on a different KV port and the SDK, which only knows the old one, would never reconnect. This
 * main builds the same mock with {@link BucketConfiguration#bucketStartPort} set, so the single node's
 * KV port is fixed too.
 *
 * <p>Arguments: {@code <bucket> <password> <rest port> <kv port>}. Uses no logging library: only the
 * mock's jar and this class are on the child's class path. Stops when its parent JVM exits, so a test
 * run that dies never leaves a mock behind.
 */
final class CouchbaseMockMain {
    private CouchbaseMockMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: CouchbaseMockMain <bucket> <password> <rest port> <kv port>");
        }
        String bucketName = args[0];
        String password = args[1];
        int httpPort = Integer.parseInt(args[2]);
        int kvPort = Integer.parseInt(args[3]);

        CountDownLatch parentGone = new CountDownLatch(1);
        ProcessHandle.current().parent().ifPresentOrElse(
                parent -> parent.onExit().thenRun(parentGone::countDown), parentGone::countDown);
        enableCccpBootstrap();

        // CCCP may already be on if enableCccpBootstrap() worked; setting it twice is harmless
        CouchbaseMock mock = MockCluster.start(httpPort, bucketName, password, "127.0.0.1", kvPort);
        System.out.printf("CouchbaseMock ready: bucket '%s', REST port %d, KV port %d%n", bucketName,
                mock.getHttpPort(), mock.getBuckets().get(bucketName).getServers()[0].getPort());
        System.out.flush();
        parentGone.await(); // runs until SIGTERM/SIGKILL or the parent exits
        System.out.println("parent process exited; stopping CouchbaseMock");
        mock.stop(); // its threads end with it, and so does this JVM
    }

    /**
     * What {@code --cccp} does: the static flag every {@link MemcachedServer} reads when it is created,
     * so CCCP is on before the KV port accepts its first connection. Without it, the loop after
     * {@code start()} turns it on a moment later.
     */
    private static void enableCccpBootstrap() {
        try {
            Field flag = CouchbaseMock.class.getDeclaredField("cccpBootstrap");
            flag.setAccessible(true);
            flag.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("cannot set CouchbaseMock.cccpBootstrap (" + e + "); enabling CCCP after start");
        }
    }

}
