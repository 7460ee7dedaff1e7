package dev.rsvpstack.testkit.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.kv.UpsertOptions;
import com.couchbase.client.java.manager.view.DesignDocument;
import com.couchbase.client.java.manager.view.View;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import com.couchbase.client.java.view.ViewOptions;
import com.couchbase.client.java.view.ViewRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded mock left running: expired documents leave its views (CouchbaseMock alone keeps
 * mapping them until something reads them), and beyond the bound the least recently written go.
 */
class DocumentPagerIT {
    /** Long enough that a loaded machine still sees the documents in the view before they expire. */
    private static final Duration SHORT_EXPIRY = Duration.ofSeconds(4);

    @Test
    void expired_documents_leave_the_views_without_being_read() {
        try (PagedMock mock = PagedMock.bounded(1000)) {
            EmbeddedCouchbase couchbase = mock.couchbase();
            Bucket bucket = mock.bucket();
            Collection collection = bucket.defaultCollection();
            for (int i = 0; i < 5; i++) {
                collection.upsert("short::" + i, JsonObject.create().put("n", i),
                        UpsertOptions.upsertOptions().expiry(SHORT_EXPIRY));
            }
            for (int i = 0; i < 3; i++) {
                collection.upsert("long::" + i, JsonObject.create().put("n", i));
            }
            defineAllView(bucket);
            assertThat(ids(bucket)).hasSize(8);

            await().atMost(SHORT_EXPIRY.plusSeconds(10)).until(() -> couchbase.expiredRemoved() == 5);
            assertThat(ids(bucket)).containsExactlyInAnyOrder("long::0", "long::1", "long::2");
            assertThat(couchbase.evicted()).isZero();
        }
    }

    @Test
    void beyond_the_bound_the_least_recently_written_documents_are_evicted() {
        try (PagedMock mock = PagedMock.bounded(10)) {
            EmbeddedCouchbase couchbase = mock.couchbase();
            Bucket bucket = mock.bucket();
            Collection collection = bucket.defaultCollection();
            for (int i = 0; i < 15; i++) {
                collection.upsert(String.format("doc::%02d", i), JsonObject.create().put("n", i));
            }
            defineAllView(bucket);

            await().atMost(Duration.ofSeconds(10)).until(() -> couchbase.evicted() == 5);
            assertThat(ids(bucket)).hasSize(10).doesNotContain("doc::00", "doc::01", "doc::02", "doc::03", "doc::04");
        }
    }

    /** The embedded mock with its pager every 200 ms and at most {@code max} documents, and a client on it. */
    private record PagedMock(EmbeddedCouchbase couchbase, Cluster cluster) implements AutoCloseable {
        static PagedMock bounded(int max) {
            EmbeddedCouchbase couchbase = EmbeddedCouchbase.start("pager", "pager-password")
                    .boundDocuments(Duration.ofMillis(200), max);
            try {
                return new PagedMock(couchbase, EmbeddedCouchbase.connect(couchbase, Duration.ofSeconds(30)));
            } catch (RuntimeException e) {
                couchbase.close();
                throw e;
            }
        }

        Bucket bucket() {
            return cluster.bucket("pager");
        }

        @Override
        public void close() {
            try {
                cluster.close();
            } finally {
                couchbase.close();
            }
        }
    }

    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    private static void defineAllView(Bucket bucket) {
        bucket.viewIndexes().upsertDesignDocument(new DesignDocument("pager", Map.of("all",
                new View("function (doc, meta) { emit(meta.id, null); }"))), DesignDocumentNamespace.PRODUCTION);
    }

    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    private static List<String> ids(Bucket bucket) {
        return bucket.viewQuery("pager", "all", ViewOptions.viewOptions()).rows().stream()
                .map(ViewRow::id).map(id -> id.orElseThrow()).toList();
    }
}
