package io.pocket.dataplane.device;

import io.pocket.protocol.MessageWriter;
import io.pocket.transport.Encoder;

/**
 * The READ_BLOCK response body before the data: the data length. Reused by one thread for every reply, so a read
 * allocates no encoder.
 */
public final class ReadLengthBody implements Encoder
{
    private int length;

    /**
     * Set the length the next {@link #encode} writes.
     *
     * @param length data bytes that follow.
     * @return this.
     */
    public ReadLengthBody length(final int length)
    {
        this.length = length;
        return this;
    }

    @Override
    public void encode(final MessageWriter writer)
    {
        writer.putInt(length);
    }
}
