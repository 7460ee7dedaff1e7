package dev.rsvpstack.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.manager.view.View;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CouchbaseViewsIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    private static final long MINUTE = 60_000;
    private static final long BASE = 29_000_000L * MINUTE;

    /** What the page reads from a latest_by_mtime row. */
    record Latest(long rsvpId, long mtime, String member) {
    }

    @BeforeAll
    static void documents() {
        Collection collection = COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
        for (int i = 1; i <= 5; i++) {
            collection.upsert("rsvp::" + i, rsvp(i, BASE + i * MINUTE, "member " + i));
        }
        collection.upsert("rsvp::6", rsvp(6, BASE + 5 * MINUTE + 1, "member 6")); // two in minute BASE+5
        collection.upsert("other::1", JsonObject.create().put("mtime", BASE)); // not an RSVP: no row
    }

    private static CouchbaseSettings.Builder settings(EmbeddedCouchbase couchbase) {
        return CouchbaseSettings.builder().nodes(List.of("127.0.0.1:" + couchbase.kvPort()))
                .bucket(couchbase.bucketName()).password(couchbase.password())
                .designDocument(RsvpViews.DESIGN_DOCUMENT);
    }

    @Test
    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    void connect_creates_the_views_and_a_second_ensure_keeps_views_others_added() {
        Bucket bucket = COUCHBASE.cluster().bucket(COUCHBASE.bucketName());
        DesignDocument ours = DesignDocument.builder("ensure_test")
                .view("by_id", "function (doc, meta) { emit(meta.id, null); }").build();
        try (CouchbaseConnection couchbase = Couchbase.connect(settings(COUCHBASE.server()).designDocument(ours)
                .build())) {
            assertThat(bucket.viewIndexes().getDesignDocument(RsvpViews.DESIGN_DOCUMENT_NAME,
                    DesignDocumentNamespace.PRODUCTION).views())
                    .containsOnlyKeys(RsvpViews.LATEST_BY_MTIME, RsvpViews.PER_MINUTE);
            Map<String, View> views = new HashMap<>(bucket.viewIndexes().getDesignDocument("ensure_test",
                    DesignDocumentNamespace.PRODUCTION).views());
            views.put("theirs", new View("function (doc, meta) { emit(meta.id, 1); }"));
            bucket.viewIndexes().upsertDesignDocument(new com.couchbase.client.java.manager.view.DesignDocument(
                    "ensure_test", views), DesignDocumentNamespace.PRODUCTION);

            couchbase.ensure(DesignDocument.builder("ensure_test")
                    .view("by_id", "function (doc, meta) { emit(meta.id, null); }")
                    .view("added_later", "function (doc, meta) { emit(meta.id, 2); }").build());

            assertThat(bucket.viewIndexes().getDesignDocument("ensure_test", DesignDocumentNamespace.PRODUCTION)
                    .views()).containsOnlyKeys("by_id", "theirs", "added_later");
        }
    }

    @Test
    void typed_queries_descend_limit_range_reduce_and_group() {
        try (CouchbaseConnection couchbase = Couchbase.connect(settings(COUCHBASE.server()).build())) {
            assertThat(couchbase.health().state()).isEqualTo(ViewHealth.State.NO_QUERY_YET);

            List<Latest> latest = couchbase.query(RsvpViews.latest(3), row -> row.valueAs(Latest.class));
            assertThat(latest).extracting(Latest::rsvpId).containsExactly(6L, 5L, 4L);
            assertThat(latest.get(0).member()).isEqualTo("member 6");

            List<ViewRow> perMinute = couchbase.query(RsvpViews.perMinute(BASE / MINUTE + 2, BASE / MINUTE + 5));
            assertThat(perMinute).extracting(row -> row.keyAs(Long.class), row -> row.valueAs(Long.class))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(BASE / MINUTE + 2, 1L),
                            org.assertj.core.groups.Tuple.tuple(BASE / MINUTE + 3, 1L),
                            org.assertj.core.groups.Tuple.tuple(BASE / MINUTE + 4, 1L),
                            org.assertj.core.groups.Tuple.tuple(BASE / MINUTE + 5, 2L));

            List<ViewRow> total = couchbase.query(ViewQuery.builder(RsvpViews.DESIGN_DOCUMENT_NAME,
                    RsvpViews.PER_MINUTE).build());
            assertThat(total).singleElement().satisfies(row -> assertThat(row.valueAs(Long.class)).isEqualTo(6L));

            List<ViewRow> mapRows = couchbase.query(ViewQuery.builder(RsvpViews.DESIGN_DOCUMENT_NAME,
                    RsvpViews.PER_MINUTE).reduce(false).startKey(BASE / MINUTE + 1).endKey(BASE / MINUTE + 3)
                    .inclusiveEnd(false).build());
            assertThat(mapRows).extracting(ViewRow::id).containsExactly("rsvp::1", "rsvp::2");

            assertThat(couchbase.health().isOk()).isTrue();
        }
    }

    @Test
    void a_query_on_a_view_nobody_defined_fails_naming_it_and_the_health_says_since_when() {
        try (CouchbaseConnection couchbase = Couchbase.connect(settings(COUCHBASE.server()).build())) {
            assertThatThrownBy(() -> couchbase.query(ViewQuery.builder("nobody", "nothing").build()))
                    .isInstanceOf(CouchbaseViewException.class)
                    .hasMessageContaining("nobody/nothing").hasMessageContaining("bucket 'rsvps'");
            assertThat(couchbase.health().state()).isEqualTo(ViewHealth.State.FAILING);
            assertThat(couchbase.health().problem().orElseThrow()).contains("nobody/nothing");
        }
    }

    @Test
    void a_bucket_that_never_answers_fails_within_the_ready_timeout_with_one_clear_error() {
        int nothing = FreePorts.next();
        long started = System.nanoTime();

        assertThatThrownBy(() -> Couchbase.connect(CouchbaseSettings.builder().nodes(List.of("127.0.0.1:" + nothing))
                .bucket("rsvps").password("x").readyTimeout(Duration.ofSeconds(2)).build()))
                .isInstanceOf(CouchbaseConnectException.class)
                .hasMessageContaining("bucket 'rsvps' at couchbase://127.0.0.1:" + nothing)
                .hasMessageContaining("not ready within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    private static JsonObject rsvp(long id, long mtime, String member) {
        return JsonObject.create().put("rsvp_id", id).put("mtime", mtime).put("response", "yes")
                .put("member", JsonObject.create().put("member_name", member))
                .put("event", JsonObject.create().put("event_name", "event " + id));
    }
}
