package io.pocket.protocol;

/**
 * A block reference as a value (see {@link BlockRefFlyweight} for its wire layout).
 *
 * @param serverId   storage server holding the block
 * @param tier       tier code on that server (0 DRAM, 1 NVMe, 2 disk)
 * @param blockId    block index within the server
 * @param generation allocation generation; a stale reference is refused by the storage server
 * @param remoteKey  RDMA remote key, 0 over TCP
 */
public record BlockRef(int serverId, int tier, long blockId, long generation, long remoteKey)
{
    public void write(final MessageWriter writer)
    {
        writer.ensure(BlockRefFlyweight.LENGTH);
        BlockRefFlyweight.write(writer.buffer(), writer.position(), serverId, tier, blockId, generation, remoteKey);
        writer.skip(BlockRefFlyweight.LENGTH);
    }

    public static BlockRef read(final MessageReader reader)
    {
        reader.require(BlockRefFlyweight.LENGTH);
        final int base = reader.position();
        final BlockRef ref = new BlockRef(
            reader.buffer().getInt(base + BlockRefFlyweight.SERVER_ID_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN),
            reader.buffer().getByte(base + BlockRefFlyweight.TIER_OFFSET) & 0xFF,
            reader.buffer().getLong(base + BlockRefFlyweight.BLOCK_ID_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN),
            reader.buffer().getLong(base + BlockRefFlyweight.GENERATION_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN),
            reader.buffer().getLong(base + BlockRefFlyweight.REMOTE_KEY_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN));
        reader.skip(BlockRefFlyweight.LENGTH);
        return ref;
    }
}
