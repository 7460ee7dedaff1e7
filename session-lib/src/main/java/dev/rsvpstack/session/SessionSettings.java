package dev.rsvpstack.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The options of express-session, under the same names, so that a team moving an application from
 * Node finds what it had. Build with {@link #builder(String)}; {@link Builder#build()} validates.
 *
 * @param cookieName        the cookie's name; {@code connect.sid} as express-session
 * @param secrets           the signing secrets: the first signs, all verify (for rotation)
 * @param path              the cookie's {@code Path}
 * @param domain            the cookie's {@code Domain}, or {@code null} for the host only
 * @param maxAge            the cookie's and the session's lifetime, or {@code null} for a cookie that
 *                          ends with the browser (the stored session then lives {@link #storeTtl()})
 * @param httpOnly          {@code HttpOnly} (default on: scripts cannot read the id)
 * @param secure            {@code Secure} (default off: set it behind HTTPS)
 * @param sameSite          {@code SameSite}, or {@code null} to omit it (default {@link SameSite#LAX})
 * @param saveUninitialized store and send a cookie for a new session nothing was put in (default off,
 *                          so that bots and first visits cost no memcached write)
 * @param rolling           send the cookie again on every response, restarting its {@code maxAge}
 * @param storeTtl          how long a session without {@code maxAge} is kept (default one day, as
 *                          connect-memcached)
 * @param touchInterval     an unchanged session's lifetime is refreshed with memcached {@code touch}
 *                          at most this often per instance (default one minute): that is the price of
 *                          not rewriting the session on every request, as connect-memcached does
 */
public record SessionSettings(String cookieName, List<String> secrets, String path, String domain,
        Duration maxAge, boolean httpOnly, boolean secure, SameSite sameSite, boolean saveUninitialized,
        boolean rolling, Duration storeTtl, Duration touchInterval) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public SessionSettings {
        secrets = List.copyOf(secrets);
    }

    /** Settings with the given signing secret and express-session's defaults otherwise. */
    public static Builder builder(String secret) {
        return new Builder().secrets(List.of(secret));
    }

    /** The lifetime of a session in the store: {@code maxAge} if set, else {@code storeTtl}. */
    public Duration ttl() {
        return maxAge != null ? maxAge : storeTtl;
    }

    /** Collects the settings; {@link #build()} validates them. */
    public static final class Builder {
        private String cookieName = "connect.sid";
        private List<String> secrets = List.of();
        private String path = "/";
        private String domain;
        private Duration maxAge;
        private boolean httpOnly = true;
        private boolean secure;
        private SameSite sameSite = SameSite.LAX;
        private boolean saveUninitialized;
        private boolean rolling;
        private Duration storeTtl = Duration.ofDays(1);
        private Duration touchInterval = Duration.ofMinutes(1);

        private Builder() {
        }

        public Builder cookieName(String name) {
            this.cookieName = name;
            return this;
        }

        /** All secrets, the signing one first; the others only verify cookies signed before a rotation. */
        public Builder secrets(List<String> all) {
            this.secrets = new ArrayList<>(all);
            return this;
        }

        public Builder path(String value) {
            this.path = value;
            return this;
        }

        public Builder domain(String value) {
            this.domain = value;
            return this;
        }

        public Builder maxAge(Duration value) {
            this.maxAge = value;
            return this;
        }

        public Builder httpOnly(boolean value) {
            this.httpOnly = value;
            return this;
        }

        public Builder secure(boolean value) {
            this.secure = value;
            return this;
        }

        public Builder sameSite(SameSite value) {
            this.sameSite = value;
            return this;
        }

        public Builder saveUninitialized(boolean value) {
            this.saveUninitialized = value;
            return this;
        }

        public Builder rolling(boolean value) {
            this.rolling = value;
            return this;
        }

        public Builder storeTtl(Duration value) {
            this.storeTtl = value;
            return this;
        }

        public Builder touchInterval(Duration value) {
            this.touchInterval = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public SessionSettings build() {
            if (cookieName == null || !TOKEN.matcher(cookieName).matches()) {
                throw new IllegalArgumentException("cookieName must be an RFC 6265 token, not '" + cookieName + "'");
            }
            if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isEmpty())) {
                throw new IllegalArgumentException("at least one secret, none empty, is needed to sign session cookies");
            }
            if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c < 0x21 || c == ';' || c > 0x7e)) {
                throw new IllegalArgumentException("path must start with '/' and hold no space or ';', not '" + path + "'");
            }
            if (domain != null && (domain.isEmpty() || domain.chars().anyMatch(c -> c < 0x21 || c == ';' || c > 0x7e))) {
                throw new IllegalArgumentException("domain must be a host name, not '" + domain + "'");
            }
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                throw new IllegalArgumentException("maxAge must be positive or null (a browser-session cookie), not "
                        + maxAge);
            }
            if (sameSite == SameSite.NONE && !secure) {
                throw new IllegalArgumentException("sameSite NONE needs secure(true): browsers drop such cookies otherwise");
            }
            requirePositive("storeTtl", storeTtl);
            Objects.requireNonNull(touchInterval, "touchInterval");
            if (touchInterval.isNegative()) {
                throw new IllegalArgumentException("touchInterval must not be negative, not " + touchInterval);
            }
            return new SessionSettings(cookieName, secrets, path, domain, maxAge, httpOnly, secure, sameSite,
                    saveUninitialized, rolling, storeTtl, touchInterval);
        }

        private static void requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + value);
            }
        }
    }
}
