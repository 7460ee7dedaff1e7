package dev.rsvpstack.session;

/**
 * The cookie's {@code SameSite} attribute. {@link #LAX} is the default because it stops the
 * cross-site POSTs that CSRF needs while keeping ordinary links working.
 */
public enum SameSite {
    /** Sent on same-site requests and top-level cross-site navigations. */
    LAX("Lax"),
    /** Sent on same-site requests only. */
    STRICT("Strict"),
    /** Sent everywhere; browsers require {@code Secure} with it. */
    NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute's value in a {@code Set-Cookie} header, for example {@code Lax}. */
    public String attribute() {
        return attribute;
    }
}
