package io.pocket.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the body of READ_BLOCK and WRITE_BLOCK requests: the block, and the byte range
 * within it. A WRITE_BLOCK frame carries {@code length} data bytes right after this body; a
 * READ_BLOCK response body is an i32 length followed by that many bytes.
 *
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                  block reference (32 bytes)                   |
 *  +---------------------------------------------------------------+
 *  |                      offset within block                      |
 *  +---------------------------------------------------------------+
 *  |                            length                             |
 *  +---------------------------------------------------------------+
 *  |                  data (WRITE_BLOCK only) ...                  |
 * </pre>
 */
public final class BlockIoFlyweight
{
    public static final int BLOCK_REF_OFFSET = 0;
    public static final int OFFSET_OFFSET = BlockRefFlyweight.LENGTH;
    public static final int LENGTH_OFFSET = OFFSET_OFFSET + 4;
    public static final int LENGTH = LENGTH_OFFSET + 4;

    /** Bytes of a READ_BLOCK response body before its data. */
    public static final int READ_RESPONSE_HEADER = 4;

    private final BlockRefFlyweight ref = new BlockRefFlyweight();
    private DirectBuffer buffer;
    private int offset;

    public BlockIoFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        ref.wrap(buffer, offset + BLOCK_REF_OFFSET);
        return this;
    }

    public BlockRefFlyweight ref()
    {
        return ref;
    }

    public int blockOffset()
    {
        return buffer.getInt(offset + OFFSET_OFFSET, LITTLE_ENDIAN);
    }

    public int length()
    {
        return buffer.getInt(offset + LENGTH_OFFSET, LITTLE_ENDIAN);
    }

    /** Encodes a READ_BLOCK or WRITE_BLOCK body at the writer's position. */
    public static void write(final MessageWriter w, final BlockRef ref, final int blockOffset, final int length)
    {
        w.ensure(LENGTH);
        final MutableDirectBuffer b = w.buffer();
        final int at = w.position();
        BlockRefFlyweight.write(b, at + BLOCK_REF_OFFSET, ref.serverId(), ref.tier(), ref.blockId(), ref.generation(),
            ref.remoteKey());
        b.putInt(at + OFFSET_OFFSET, blockOffset, LITTLE_ENDIAN);
        b.putInt(at + LENGTH_OFFSET, length, LITTLE_ENDIAN);
        w.skip(LENGTH);
    }
}
