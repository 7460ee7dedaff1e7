package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * express-session's cookie signature (npm {@code cookie-signature}): {@code s:} + id + {@code .} +
 * base64(HMAC-SHA256(secret, id)) without {@code =} padding. The first secret signs; every secret
 * verifies, so secrets can be rotated without logging everybody out.
 */
public final class CookieSigner {
    /** Longer values are rejected before any HMAC is computed: a real signed id is about 80 characters. */
    static final int MAX_VALUE_LENGTH = 512;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final List<byte[]> secrets;
    // Mac is not thread-safe and Mac.getInstance is slow: one per thread and secret, per signer.
    private final ThreadLocal<Mac[]> macs;

    public CookieSigner(List<String> secrets) {
        this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    /** The cookie value for {@code id}: {@code s:<id>.<signature>}. */
    public String sign(String id) {
        return "s:" + id + "." + signature(0, id);
    }

    /**
     * The id in a cookie value signed with any of the secrets, or empty when the value is unsigned,
     * tampered with, signed with another secret, or no valid id.
     */
    public Optional<String> unsign(String value) {
        if (value == null || value.length() > MAX_VALUE_LENGTH || !value.startsWith("s:")) {
            return Optional.empty();
        }
        int dot = value.lastIndexOf('.');
        if (dot < 2) {
            return Optional.empty();
        }
        String id = value.substring(2, dot);
        byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < secrets.size(); i++) {
            // constant-time comparison: the time taken tells an attacker nothing about the signature
            if (MessageDigest.isEqual(given, signature(i, id).getBytes(StandardCharsets.US_ASCII))) {
                return SessionRecord.isValidId(id) ? Optional.of(id) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private String signature(int secret, String id) {
        Mac mac = macs.get()[secret];
        return BASE64.encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac[] newMacs() {
        Mac[] result = new Mac[secrets.size()];
        try {
            for (int i = 0; i < result.length; i++) {
                result[i] = Mac.getInstance("HmacSHA256");
                result[i].init(new SecretKeySpec(secrets.get(i), "HmacSHA256"));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
        return result;
    }
}
