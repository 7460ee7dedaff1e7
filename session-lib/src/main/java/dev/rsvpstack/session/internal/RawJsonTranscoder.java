package dev.rsvpstack.session.internal;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Bytes in and out, flagged as npm {@code memcached} flags what connect-memcached stores: JSON
 * ({@code 2}) for a plain record, which it parses, and a string ({@code 0}) for an encrypted one, which
 * it hands to kruptein as it is. Never compresses and never uses Java serialization: xmemcached's
 * default transcoder does both, and Node could read neither.
 */
final class RawJsonTranscoder implements Transcoder<byte[]> {
    /** npm memcached's FLAG_JSON. */
    static final int FLAG_JSON = 1 << 1;
    /** npm memcached's flag of a plain string. */
    static final int FLAG_STRING = 0;

    private final int flag;

    /** Flags values as JSON. */
    RawJsonTranscoder() {
        this(FLAG_JSON);
    }

    RawJsonTranscoder(int flag) {
        this.flag = flag;
    }

    @Override
    public CachedData encode(byte[] value) {
        return new CachedData(flag, value);
    }

    @Override
    public byte[] decode(CachedData data) {
        return data.getData();
    }

    @Override
    public void setPrimitiveAsString(boolean primitiveAsString) {
    }

    @Override
    public void setPackZeros(boolean packZeros) {
    }

    @Override
    public void setCompressionThreshold(int to) {
    }

    @Override
    public boolean isPrimitiveAsString() {
        return false;
    }

    @Override
    public boolean isPackZeros() {
        return false;
    }

    @Override
    public void setCompressionMode(CompressionMode compressMode) {
    }
}
