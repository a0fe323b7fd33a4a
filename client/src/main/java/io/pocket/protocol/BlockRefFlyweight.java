package io.pocket.protocol;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over a 32-byte block reference: which storage server, which tier and block, the
 * block's generation (a freed and reused block gets a new one, so a stale reference never reads
 * someone else's bytes) and a remote memory key reserved for one-sided RDMA reads (0 over TCP).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        storage server id                      |
 *  +---------------+---------------+-------------------------------+
 *  |     tier      |   reserved    |           reserved            |
 *  +---------------+---------------+-------------------------------+
 *  |                           block id                            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          generation                           |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   remote key (RDMA; 0 for TCP)                |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class BlockRefFlyweight
{
    public static final int SERVER_ID_OFFSET = 0;
    public static final int TIER_OFFSET = 4;
    public static final int BLOCK_ID_OFFSET = 8;
    public static final int GENERATION_OFFSET = 16;
    public static final int REMOTE_KEY_OFFSET = 24;
    public static final int LENGTH = 32;

    private DirectBuffer buffer;
    private int offset;

    public BlockRefFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int serverId()
    {
        return buffer.getInt(offset + SERVER_ID_OFFSET, LITTLE_ENDIAN);
    }

    public int tier()
    {
        return buffer.getByte(offset + TIER_OFFSET) & 0xFF;
    }

    public long blockId()
    {
        return buffer.getLong(offset + BLOCK_ID_OFFSET, LITTLE_ENDIAN);
    }

    public long generation()
    {
        return buffer.getLong(offset + GENERATION_OFFSET, LITTLE_ENDIAN);
    }

    public long remoteKey()
    {
        return buffer.getLong(offset + REMOTE_KEY_OFFSET, LITTLE_ENDIAN);
    }

    /** Writes a whole reference at {@code offset}. */
    public static void write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int serverId,
        final int tier,
        final long blockId,
        final long generation,
        final long remoteKey)
    {
        buffer.putInt(offset + SERVER_ID_OFFSET, serverId, LITTLE_ENDIAN);
        buffer.putInt(offset + TIER_OFFSET, tier & 0xFF, LITTLE_ENDIAN);
        buffer.putLong(offset + BLOCK_ID_OFFSET, blockId, LITTLE_ENDIAN);
        buffer.putLong(offset + GENERATION_OFFSET, generation, LITTLE_ENDIAN);
        buffer.putLong(offset + REMOTE_KEY_OFFSET, remoteKey, LITTLE_ENDIAN);
    }

    /** Copies the reference this flyweight points at into a value. */
    public BlockRef toValue()
    {
        return new BlockRef(serverId(), tier(), blockId(), generation(), remoteKey());
    }
}
