package dev.rsvpstack.testkit.couchbase;

import static org.assertj.core.api.Assertions.assertThat;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.manager.view.DesignDocument;
import com.couchbase.client.java.manager.view.View;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import com.couchbase.client.java.view.ViewOptions;
import com.couchbase.client.java.view.ViewOrdering;
import com.couchbase.client.java.view.ViewResult;
import com.couchbase.client.java.view.ViewRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedCouchbaseIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    @Test
    void upserted_document_reads_back() {
        Collection collection = COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();

        collection.upsert("doc::1", JsonObject.create().put("name", "Zoë"));

        assertThat(collection.get("doc::1").contentAsObject().getString("name")).isEqualTo("Zoë");
    }

    @Test
    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    void view_query_returns_rows_in_descending_key_order() {
        Bucket bucket = COUCHBASE.cluster().bucket(COUCHBASE.bucketName());
        Collection collection = bucket.defaultCollection();
        for (int i = 1; i <= 5; i++) {
            collection.upsert("view::" + i, JsonObject.create().put("kind", "viewtest").put("n", i));
        }
        bucket.viewIndexes().upsertDesignDocument(new DesignDocument("testkit", Map.of("by_n",
                new View("function (doc, meta) { if (doc.kind === 'viewtest') { emit(doc.n, null); } }"))),
                DesignDocumentNamespace.PRODUCTION);

        ViewResult result = bucket.viewQuery("testkit", "by_n",
                ViewOptions.viewOptions().order(ViewOrdering.DESCENDING).limit(3));

        List<String> ids = result.rows().stream().map(ViewRow::id).map(id -> id.orElseThrow()).toList();
        assertThat(ids).containsExactly("view::5", "view::4", "view::3");
    }
}
