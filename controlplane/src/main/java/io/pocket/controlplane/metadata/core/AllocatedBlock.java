package io.pocket.controlplane.metadata.core;

/**
 * A reference to one allocation of a block: which storage server and tier hold it, its block id
 * on that server and the generation it was handed out with. The generation grows by one with each
 * allocation of the block, so a storage server can reject a stale reference to a reused block.
 *
 * @param serverId   the storage server holding the block
 * @param tier       the storage tier of that server
 * @param blockId    the block's id on the server
 * @param generation the allocation this reference belongs to, 1 for the first allocation
 */
public record AllocatedBlock(int serverId, int tier, long blockId, long generation)
{
}
