package dev.rsvpstack.spring.session;

import dev.rsvpstack.session.KeyPlacement;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SameSite;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rsvp.session.*}: where the sessions live and what the cookie looks like. Defaults are
 * express-session's and connect-memcached's as the book configured them, so that a Node application
 * with the same secret and nodes shares the sessions. Checked at start-up: a missing secret file, no
 * node or a nonsensical value stops the application with one message naming the property.
 *
 * @param enabled          set {@code false} to switch the starter off
 * @param nodes            memcached nodes, {@code host:port} (port 11211 when left out); or empty with
 *                         {@code discovery.enabled}
 * @param secretFile       file of the cookie-signing secrets, one a line: the first signs, all verify
 *                         (express-session's {@code secret} array, for rotation). Required
 * @param recordSecretFile file of connect-memcached's {@code secret}: records encrypted at rest as
 *                         connect-memcached encrypts them; none by default
 * @param storeTtl         how long a session without {@code cookie.max-age} is kept (connect-memcached's one day)
 * @param touchInterval    an unchanged session's lifetime is refreshed with memcached {@code touch} at most
 *                         this often per instance
 * @param cookie           the session cookie
 * @param memcached        the memcached client
 * @param discovery        memcached nodes from etcd (needs discovery-lib on the classpath)
 */
@ConfigurationProperties("rsvp.session")
public record MemcachedSessionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<String> nodes,
        Path secretFile,
        Path recordSecretFile,
        @DefaultValue("1d") Duration storeTtl,
        @DefaultValue("1m") Duration touchInterval,
        @DefaultValue Cookie cookie,
        @DefaultValue Memcached memcached,
        @DefaultValue Discovery discovery) {

    /**
     * {@code rsvp.session.cookie.*}, express-session's {@code cookie} options.
     *
     * @param name     the cookie's name; {@code connect.sid} as express-session
     * @param maxAge   the cookie's and the session's lifetime; none for a cookie that ends with the browser
     * @param secure   {@code Secure} (set it behind HTTPS)
     * @param httpOnly {@code HttpOnly}
     * @param sameSite {@code SameSite}: {@code lax}, {@code strict} or {@code none} (which needs {@code secure})
     * @param path     {@code Path}
     * @param domain   {@code Domain}; none for the host only
     */
    public record Cookie(
            @DefaultValue("connect.sid") String name,
            Duration maxAge,
            @DefaultValue("false") boolean secure,
            @DefaultValue("true") boolean httpOnly,
            @DefaultValue("lax") SameSite sameSite,
            @DefaultValue("/") String path,
            String domain) {
    }

    /**
     * {@code rsvp.session.memcached.*}, session-lib's {@code MemcachedSettings}.
     *
     * @param keyPrefix        prepended to the session id (connect-memcached's {@code prefix}, the book's {@code sess:})
     * @param operationTimeout bounds the latency memcached can add to a request
     * @param connectTimeout   connecting to one node
     * @param maxItemBytes     larger sessions are not written (memcached's {@code -I} less the item header)
     * @param placement        {@code npm-memcached} (Node finds the same keys) or {@code xmemcached-ketama}
     */
    public record Memcached(
            @DefaultValue("sess:") String keyPrefix,
            @DefaultValue("250ms") Duration operationTimeout,
            @DefaultValue("1s") Duration connectTimeout,
            @DefaultValue("" + MemcachedSettings.DEFAULT_MAX_ITEM_BYTES) int maxItemBytes,
            @DefaultValue("npm-memcached") KeyPlacement placement) {
    }

    /**
     * {@code rsvp.session.discovery.*}: the nodes registered in etcd under {@code /services/<service>/}
     * (as {@code rsvp-stack sidekick} registers them), followed as they come and go.
     *
     * @param enabled       take the nodes from etcd instead of {@code nodes}
     * @param etcdEndpoints etcd's client URLs; not needed when the application has a discovery-lib
     *                      {@code Discovery} bean of its own
     * @param service       the service name of the memcached nodes
     * @param startupWait   how long start-up waits for the first node to be registered
     */
    public record Discovery(
            @DefaultValue("false") boolean enabled,
            @DefaultValue List<URI> etcdEndpoints,
            @DefaultValue("memcached") String service,
            @DefaultValue("30s") Duration startupWait) {
    }
}
