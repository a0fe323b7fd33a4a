package io.pocket.controlplane.metadata.core;

/**
 * Capacity of one tier of one storage server as the metadata server accounts it.
 *
 * @param serverId        the storage server
 * @param tier            the tier code (0 DRAM, 1 NVMe, 2 disk)
 * @param blockSize       its block size in bytes
 * @param alwaysOn        whether it is an always-running server that may hold PERSIST data
 * @param lost            whether it was declared lost (nothing more is allocated on it)
 * @param totalBlocks     blocks of the tier it offered
 * @param freeBlocks      blocks not handed out
 * @param allocatedBlocks blocks handed out and not yet freed
 */
public record ServerStats(
    int serverId,
    int tier,
    int blockSize,
    boolean alwaysOn,
    boolean lost,
    long totalBlocks,
    long freeBlocks,
    long allocatedBlocks)
{
}
