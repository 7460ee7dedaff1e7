package dev.rsvpstack.testkit.couchbase;

import com.couchbase.mock.Bucket;
import com.couchbase.mock.BucketConfiguration;
import com.couchbase.mock.CouchbaseMock;
import com.couchbase.mock.memcached.MemcachedServer;
import java.io.IOException;
import java.util.List;

/**
 * Starts a CouchbaseMock with one bucket the way the SDK can use it, for the embedded mock and the
 * child-JVM mock alike: one node, no replica, a password (the SDK rejects an empty one), and CCCP
 * enabled on each node after start so the SDK bootstraps over the KV port.
 */
final class MockCluster {
    private MockCluster() {
    }

    /**
     * @param restPort the REST (cluster manager) port; 0 picks one
     * @param host     what the node binds and the cluster map advertises
     * @param kvPort   the first node's KV port; 0 picks one
     */
    static CouchbaseMock start(int restPort, String bucketName, String password, String host, int kvPort)
            throws IOException, InterruptedException {
        BucketConfiguration bucket = new BucketConfiguration();
        bucket.name = bucketName;
        bucket.password = password;
        bucket.type = Bucket.BucketType.COUCHBASE;
        bucket.numNodes = 1;
        bucket.numReplicas = 0;
        bucket.numVBuckets = 64;
        bucket.hostname = host;
        bucket.bucketStartPort = kvPort; // node i listens on bucketStartPort + i
        CouchbaseMock mock = new CouchbaseMock(restPort, List.of(bucket));
        mock.start();
        mock.waitForStartup();
        for (MemcachedServer server : mock.getBuckets().get(bucketName).getServers()) {
            server.setCccpEnabled(true);
        }
        return mock;
    }
}
