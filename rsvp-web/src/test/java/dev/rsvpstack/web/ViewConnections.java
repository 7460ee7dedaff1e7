package dev.rsvpstack.web;

import dev.rsvpstack.couchbase.Couchbase;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.testkit.couchbase.CouchbaseEndpoint;
import java.time.Duration;

/** A couchbase-views connection to a test's CouchbaseMock, with the RSVP views. */
final class ViewConnections {
    private ViewConnections() {
    }

    static CouchbaseConnection to(CouchbaseEndpoint endpoint) {
        return to(endpoint, CouchbaseSettings.DEFAULT_QUERY_TIMEOUT);
    }

    static CouchbaseConnection to(CouchbaseEndpoint endpoint, Duration queryTimeout) {
        return Couchbase.connect(CouchbaseSettings.builder().connectionString(endpoint.connectionString())
                .bucket(endpoint.bucketName()).password(endpoint.password()).queryTimeout(queryTimeout)
                .designDocument(RsvpViews.DESIGN_DOCUMENT).build());
    }
}
