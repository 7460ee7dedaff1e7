package dev.rsvpstack.web;

import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.discovery.RestartPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the web service needs besides discovery, validated once.
 *
 * @param web                 the web server's settings; {@code /config/web/} in etcd overrides them at run time
 * @param policy              what a moved Couchbase or memcached does: RELOAD in process, or EXIT for the
 *                            launcher to restart
 * @param bucket              the Couchbase bucket
 * @param username            the Couchbase user (the bucket's name for a bucket-password login)
 * @param password            the Couchbase password; never a default in code
 * @param sessionSecrets      the session cookie's secrets: the first signs, all verify
 * @param sessionRecordSecret connect-memcached's {@code secret}: session records encrypted at rest, or empty
 * @param sessionHeirBackup   whether each session is also kept on its heir node, so a dead memcached node signs
 *                            nobody out ({@code MemcachedSettings.heirBackup}); on in production
 * @param announcement        how to register under {@code /services/web/} for the load balancer, or empty (none)
 * @param draining            how a stop drains the instance before closing its WebSockets
 */
public record WebServiceSettings(WebSettings web, RestartPolicy policy, String bucket, String username,
                                 String password, List<String> sessionSecrets, Optional<String> sessionRecordSecret,
                                 boolean sessionHeirBackup, Optional<WebAnnouncement> announcement, Draining draining) {
    /**
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public WebServiceSettings {
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(policy, "policy");
        CouchbaseSettings.requireLogin(bucket, username, password);
        Objects.requireNonNull(sessionSecrets, "sessionSecrets");
        if (sessionSecrets.isEmpty() || sessionSecrets.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw new IllegalArgumentException("at least one session secret is required, and none may be empty");
        }
        sessionSecrets = List.copyOf(sessionSecrets);
        Objects.requireNonNull(sessionRecordSecret, "sessionRecordSecret");
        Objects.requireNonNull(announcement, "announcement");
        Objects.requireNonNull(draining, "draining");
    }

    /** With the heir backup, without a registration, drained by {@link Draining#DEFAULT}. */
    public WebServiceSettings(WebSettings web, RestartPolicy policy, String bucket, String username, String password,
                              List<String> sessionSecrets, Optional<String> sessionRecordSecret) {
        this(web, policy, bucket, username, password, sessionSecrets, sessionRecordSecret, true, Optional.empty(),
                Draining.DEFAULT);
    }

    /** Secrets stay out of logs. */
    @Override
    public String toString() {
        return "WebServiceSettings[web=" + web + ", policy=" + policy + ", bucket=" + bucket + ", username="
                + username + ", sessionSecrets=" + sessionSecrets.size() + ", sessionRecordSecret="
                + (sessionRecordSecret.isPresent() ? "set" : "none") + ", sessionHeirBackup=" + sessionHeirBackup
                + ", announcement=" + announcement + ", draining=" + draining + "]";
    }
}
