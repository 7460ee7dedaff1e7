package dev.rsvpstack.couchbase.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.couchbase.client.core.error.CouchbaseException;
import com.couchbase.client.core.error.ViewNotFoundException;
import dev.rsvpstack.couchbase.CouchbaseViewException;
import dev.rsvpstack.couchbase.ViewsUnsupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ViewErrorsTest {
    /** What Couchbase Server 8.0 answers for design documents of a Magma bucket. */
    private static final CouchbaseException NO_DDOCS = new CouchbaseException(
            "Unknown error (HTTP 400): {\"error\":\"no_ddocs_service\"}");

    @Test
    void no_ddocs_service_becomes_one_error_naming_the_storage_backend_and_the_fix() {
        CouchbaseViewException error = ViewErrors.translate(NO_DDOCS, "rsvps", "ensure design document 'rsvps'",
                () -> "magma");

        assertThat(error).isInstanceOf(ViewsUnsupportedException.class)
                .hasMessageContaining("bucket 'rsvps' runs no views")
                .hasMessageContaining("storage backend is magma")
                .hasMessageContaining("--storage-backend couchstore")
                .hasCause(NO_DDOCS);
        assertThat(((ViewsUnsupportedException) error).storageBackend()).isEqualTo("magma");
    }

    @Test
    void a_wrapped_magma_refusal_is_recognised_too() {
        RuntimeException wrapped = new IllegalStateException("query failed",
                new CouchbaseException("views are not supported on magma buckets"));

        assertThat(ViewErrors.translate(wrapped, "rsvps", "query rsvps/latest", () -> "unknown"))
                .isInstanceOf(ViewsUnsupportedException.class).hasMessageContaining("storage backend is unknown");
    }

    @Test
    void other_errors_name_the_bucket_and_what_was_asked_and_never_ask_for_the_backend() {
        AtomicInteger asked = new AtomicInteger();

        CouchbaseViewException error = ViewErrors.translate(new CouchbaseException("timeout"), "rsvps",
                "query rsvps/per_minute", () -> {
                    asked.incrementAndGet();
                    return "couchstore";
                });

        assertThat(error).isNotInstanceOf(ViewsUnsupportedException.class)
                .hasMessageStartingWith("query rsvps/per_minute in bucket 'rsvps' failed");
        assertThat(asked).hasValue(0);
    }

    @Test
    void a_missing_view_is_told_apart_from_other_failures() {
        assertThat(ViewErrors.missingView(new IllegalStateException("wrapped", new ViewNotFoundException(null))))
                .isTrue();
        assertThat(ViewErrors.missingView(new CouchbaseException("{\"error\":\"not_found\",\"reason\":\"missing\"}")))
                .isTrue();
        assertThat(ViewErrors.missingView(NO_DDOCS)).isFalse();
    }
}
