package io.pocket.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the fixed header that starts every frame. All integers are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 frame length (incl. this header)              |
 *  +-------------------------------+-------------------------------+
 *  |            opcode             |             flags             |
 *  +-------------------------------+-------------------------------+
 *  |                        correlation id                         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         body ...                              |
 * </pre>
 */
public final class FrameHeader
{
    public static final int LENGTH_OFFSET = 0;
    public static final int OPCODE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int CORRELATION_ID_OFFSET = 8;
    public static final int HEADER_LENGTH = 16;

    /** Set on every response. */
    public static final int FLAG_RESPONSE = 0x1;
    /** Set on a response whose body is an error: u16 code, string message. */
    public static final int FLAG_ERROR = 0x2;
    /**
     * Set on a request that is answered only if it fails (a WRITE_BLOCK to DRAM): the server handles a connection's
     * requests of this kind in order, so a later answer on the connection means it succeeded.
     */
    public static final int FLAG_QUIET = 0x4;

    private DirectBuffer buffer;
    private int offset;

    public FrameHeader wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int frameLength()
    {
        return buffer.getInt(offset + LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    public int opcode()
    {
        return buffer.getShort(offset + OPCODE_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    public int flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET, LITTLE_ENDIAN) & 0xFFFF;
    }

    public long correlationId()
    {
        return buffer.getLong(offset + CORRELATION_ID_OFFSET, LITTLE_ENDIAN);
    }

    public boolean isResponse()
    {
        return (flags() & FLAG_RESPONSE) != 0;
    }

    public boolean isError()
    {
        return (flags() & FLAG_ERROR) != 0;
    }

    /** Writes a whole header into {@code buffer} at {@code offset}. */
    public static void write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int frameLength,
        final int opcode,
        final int flags,
        final long correlationId)
    {
        buffer.putInt(offset + LENGTH_OFFSET, frameLength, LITTLE_ENDIAN);
        buffer.putShort(offset + OPCODE_OFFSET, (short)opcode, LITTLE_ENDIAN);
        buffer.putShort(offset + FLAGS_OFFSET, (short)flags, LITTLE_ENDIAN);
        buffer.putLong(offset + CORRELATION_ID_OFFSET, correlationId, LITTLE_ENDIAN);
    }
}
