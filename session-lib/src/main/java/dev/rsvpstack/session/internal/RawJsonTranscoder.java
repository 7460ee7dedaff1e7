package dev.rsvpstack.session.internal;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Bytes in and out, flagged as npm {@code memcached} flags JSON ({@code 2}), so connect-memcached
 * parses what Java wrote. Never compresses and never uses Java serialization: xmemcached's default
 * transcoder does both, and Node could read neither.
 */
final class RawJsonTranscoder implements Transcoder<byte[]> {
    /** npm memcached's FLAG_JSON. */
    static final int FLAG_JSON = 1 << 1;

    @Override
    public CachedData encode(byte[] value) {
        return new CachedData(FLAG_JSON, value);
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
