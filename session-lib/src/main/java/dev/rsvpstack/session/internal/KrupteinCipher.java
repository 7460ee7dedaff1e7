package dev.rsvpstack.session.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * connect-memcached's {@code secret} option: records encrypted by kruptein 3.x with connect-memcached's
 * settings (AES-256-GCM, key from PBKDF2-HMAC-SHA512 with 20,000 iterations over a 128-byte salt, a
 * 12-byte IV, base64 text, the ASN.1 framing). The stored value is base64(DER SEQUENCE of the octet
 * strings ct, hmac, iv, salt, at, aad), where ct, hmac and aad are themselves base64 text:
 * <ul>
 *   <li>ct: the ciphertext; at: GCM's 16-byte tag; aad: 64 random bytes (kruptein takes an HMAC of the
 *       plaintext under a random key) given to GCM as additional data;</li>
 *   <li>hmac: HMAC-SHA512 under the derived key of the UTF-8 bytes of {@code ct + salt + iv}, where salt
 *       and iv are raw bytes that JavaScript turned into text as UTF-8 (invalid sequences become
 *       U+FFFD). kruptein 3.1 compares only its length; it is checked here too.</li>
 * </ul>
 * Deriving a key costs tens of milliseconds, so derived keys are cached by salt, and this instance
 * writes with one salt of its own (a fresh random IV per record keeps GCM safe under one key).
 */
public final class KrupteinCipher {
    private static final int ITERATIONS = 20_000;
    private static final int KEY_BITS = 256;
    private static final int SALT_BYTES = 128;
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int CACHED_KEYS = 1024;

    private final char[] secret;
    private final SecureRandom random = new SecureRandom();
    private final byte[] ownSalt = new byte[SALT_BYTES];
    private final byte[] ownKey;
    private final Map<String, byte[]> keysBySalt = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED_KEYS;
        }
    });

    public KrupteinCipher(String secret) {
        this.secret = secret.toCharArray();
        random.nextBytes(ownSalt);
        this.ownKey = derive(ownSalt);
    }

    /** The stored form of {@code plaintext} (a session record's JSON), as ASCII bytes. */
    public byte[] encrypt(byte[] plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            byte[] aadKey = new byte[128];
            random.nextBytes(aadKey);
            byte[] aad = hmac(aadKey, plaintext);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(ownKey, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext); // ciphertext followed by the tag
            byte[] ct = Arrays.copyOf(sealed, sealed.length - TAG_BYTES);
            byte[] tag = Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length);
            String ctText = base64(ct);
            String hmacText = base64(hmac(ownKey, material(ctText, ownSalt, iv)));
            ASN1EncodableVector fields = new ASN1EncodableVector();
            fields.add(new DEROctetString(ascii(ctText)));
            fields.add(new DEROctetString(ascii(hmacText)));
            fields.add(new DEROctetString(iv));
            fields.add(new DEROctetString(ownSalt));
            fields.add(new DEROctetString(tag));
            fields.add(new DEROctetString(ascii(base64(aad))));
            return ascii(base64(new DERSequence(fields).getEncoded("DER")));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * The plaintext of a stored value.
     *
     * @throws UndecryptableRecordException when it is not such a record, or not under this secret
     */
    public byte[] decrypt(byte[] stored) {
        byte[][] fields = fields(stored);
        String ctText = new String(fields[0], StandardCharsets.UTF_8);
        byte[] hmacGiven = fields[1];
        byte[] iv = fields[2];
        byte[] salt = fields[3];
        byte[] tag = fields[4];
        byte[] aad;
        byte[] ct;
        try {
            aad = Base64.getMimeDecoder().decode(fields[5]);
            ct = Base64.getMimeDecoder().decode(ctText);
        } catch (IllegalArgumentException e) {
            throw new UndecryptableRecordException("its ciphertext is not base64");
        }
        byte[] key = keysBySalt.computeIfAbsent(base64(salt), s -> Arrays.equals(salt, ownSalt) ? ownKey : derive(salt));
        byte[] hmacExpected = ascii(base64(hmac(key, material(ctText, salt, iv))));
        if (!MessageDigest.isEqual(hmacExpected, hmacGiven)) {
            throw new UndecryptableRecordException("its HMAC does not match: another secret, or tampered with");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(aad);
            byte[] sealed = Arrays.copyOf(ct, ct.length + tag.length);
            System.arraycopy(tag, 0, sealed, ct.length, tag.length);
            return cipher.doFinal(sealed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UndecryptableRecordException("it does not decrypt under this secret (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** Whether {@code stored} has the shape of an encrypted record: base64 text, not a JSON object. */
    public static boolean looksEncrypted(byte[] stored) {
        return stored.length > 0 && stored[0] == 'M'; // base64 of DER SEQUENCE (0x30) with a long length
    }

    private static byte[][] fields(byte[] stored) {
        ASN1Sequence sequence;
        try {
            sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(Base64.getMimeDecoder().decode(stored)));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new UndecryptableRecordException("it is not an encrypted record (no base64 DER sequence)");
        }
        if (sequence.size() != 6) {
            throw new UndecryptableRecordException("its sequence has " + sequence.size() + " fields, not 6");
        }
        byte[][] fields = new byte[6][];
        for (int i = 0; i < 6; i++) {
            if (!(sequence.getObjectAt(i) instanceof ASN1OctetString octets)) {
                throw new UndecryptableRecordException("its field " + i + " is not an octet string");
            }
            fields[i] = octets.getOctets();
        }
        return fields;
    }

    /** {@code Buffer.from(ct + salt + iv)} in JavaScript: Buffers joined to a string decode as UTF-8 ({@link JsUtf8}). */
    private static byte[] material(String ctText, byte[] salt, byte[] iv) {
        String text = ctText + JsUtf8.decode(salt) + JsUtf8.decode(iv);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] derive(byte[] salt) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(secret, salt, ITERATIONS, KEY_BITS)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java runtime", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is part of every Java runtime", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
