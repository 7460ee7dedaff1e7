package dev.rsvpstack.couchbase.internal;

import com.couchbase.client.core.error.DesignDocumentNotFoundException;
import com.couchbase.client.core.error.ViewNotFoundException;
import com.couchbase.client.core.error.ViewServiceException;
import dev.rsvpstack.couchbase.CouchbaseViewException;
import dev.rsvpstack.couchbase.ViewsUnsupportedException;
import java.util.Locale;
import java.util.function.Supplier;

/** Turns the SDK's answers into this library's errors, each naming the bucket and what was asked. */
public final class ViewErrors {
    private ViewErrors() {
    }

    /**
     * @param what           {@code query rsvps/latest_by_mtime}, {@code ensure design document rsvps}
     * @param storageBackend asked only when the answer is "views unsupported"; may return {@code unknown}
     */
    public static CouchbaseViewException translate(Throwable error, String bucket, String what,
                                                   Supplier<String> storageBackend) {
        if (error instanceof CouchbaseViewException ours) {
            return ours;
        }
        if (viewsUnsupported(error)) {
            String backend = storageBackend.get();
            return new ViewsUnsupportedException("bucket '" + bucket + "' runs no views (" + what
                    + "): Couchbase Server answered that its views service is unavailable for it, and the bucket's "
                    + "storage backend is " + backend + ". Views run only on couchstore buckets; Magma, Couchbase "
                    + "Server 8.0's default, has none. Create the bucket with --storage-backend couchstore "
                    + "(units/couchbase-init.sh does). Server said: " + summary(error), backend, error);
        }
        return new CouchbaseViewException(what + " in bucket '" + bucket + "' failed: " + summary(error), error);
    }

    /** Server 8.0 answers {@code {"error":"no_ddocs_service"}} for design documents on a Magma bucket. */
    static boolean viewsUnsupported(Throwable error) {
        String text = allText(error);
        return text.contains("no_ddocs_service")
                || (text.contains("magma") && (text.contains("not supported") || text.contains("unsupported")));
    }

    public static boolean missingView(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ViewNotFoundException || t instanceof DesignDocumentNotFoundException) {
                return true;
            }
        }
        String text = allText(error);
        return text.contains("not_found") || text.contains("missing_named_view");
    }

    private static String allText(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            if (t instanceof ViewServiceException view) {
                text.append(view.content()).append('\n');
            }
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static String summary(Throwable error) {
        String message = String.valueOf(error.getMessage());
        return error.getClass().getSimpleName() + ": " + (message.length() > 300 ? message.substring(0, 300) + "..."
                : message);
    }
}
