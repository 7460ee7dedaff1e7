package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;

/** UTF-8 between Strings and jetcd's byte sequences. */
final class Bytes {
    private Bytes() {
    }

    static ByteSequence of(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
