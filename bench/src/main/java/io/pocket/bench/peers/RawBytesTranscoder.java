package io.pocket.bench.peers;

import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * Stores byte arrays as they are, with flags 0: no serialization and never compression (xmemcached's
 * default transcoder compresses values above 16 KiB and refuses values above 1 MiB).
 */
public final class RawBytesTranscoder implements Transcoder<byte[]>
{
    private final int maxValueLength;

    /** @param maxValueLength longest value accepted, in bytes */
    public RawBytesTranscoder(final int maxValueLength)
    {
        this.maxValueLength = maxValueLength;
    }

    @Override
    public CachedData encode(final byte[] value)
    {
        if (value.length > maxValueLength)
        {
            throw new IllegalArgumentException(
                "memcached: value of " + value.length + " bytes exceeds the configured item limit of " +
                maxValueLength + " bytes");
        }
        return new CachedData(0, value, value.length, -1);
    }

    @Override
    public byte[] decode(final CachedData data)
    {
        return data.getData();
    }

    @Override
    public void setPrimitiveAsString(final boolean primitiveAsString)
    {
    }

    @Override
    public void setPackZeros(final boolean packZeros)
    {
    }

    @Override
    public void setCompressionThreshold(final int threshold)
    {
    }

    @Override
    public boolean isPrimitiveAsString()
    {
        return false;
    }

    @Override
    public boolean isPackZeros()
    {
        return false;
    }

    @Override
    public void setCompressionMode(final CompressionMode mode)
    {
    }
}
