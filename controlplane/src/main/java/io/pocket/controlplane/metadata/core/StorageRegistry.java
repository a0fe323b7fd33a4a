package io.pocket.controlplane.metadata.core;

import io.pocket.protocol.ControllerMessages.ServerBack;
import io.pocket.protocol.TierKind;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * All storage servers' block allocators (one per server and tier) behind one lock, and the placement
 * of each block: the job's tiers in order, and within a tier a weighted choice over the job's weight
 * map among the servers with a free block of that tier. Disk tiers hand out blocks sequentially.
 * The lock is always taken last (after a job's lock) and never held while taking another lock.
 * What lookups must check without a lock (lost servers, generations gone in restarts) is published in {@link Unavailable}.
 */
final class StorageRegistry
{
    private static final int[] NO_SERVERS = new int[0];
    private static final int ANY_TIER = -1;

    private final ReentrantLock lock = new ReentrantLock();
    private final int blockSize;
    private final RandomGenerator random;
    private final Int2ObjectHashMap<ServerBlocks> blocksByServer = new Int2ObjectHashMap<>();
    private final IntPredicate canAllocate = this::canAllocate;
    private final IntPredicate canAllocatePersistent = this::canAllocatePersistent;
    /** The tier the predicates test, or {@link #ANY_TIER}; set under the lock before each choice. */
    private int choosingTier = ANY_TIER;
    private int[] alwaysOnServerIds = NO_SERVERS;
    private final Unavailable unavailable = new Unavailable();

    StorageRegistry(final int blockSize, final RandomGenerator random)
    {
        this.blockSize = blockSize;
        this.random = random;
    }

    void addCapacity(
        final int serverId,
        final int tier,
        final int blockSize,
        final long firstBlockId,
        final long blockCount,
        final boolean alwaysOn)
    {
        if (blockSize != this.blockSize)
        {
            throw new IllegalArgumentException(
                "storage server " + serverId + " block size " + blockSize + " differs from " + this.blockSize);
        }

        if (tier < 0 || tier > WeightMap.MAX_TIER)
        {
            throw new IllegalArgumentException("storage server " + serverId + " offers invalid tier " + tier);
        }

        lock.lock();
        try
        {
            final BlockAllocator allocator = new BlockAllocator(
                serverId, tier, blockSize, firstBlockId, blockCount, alwaysOn, TierKind.DISK.code() == tier);
            ServerBlocks server = blocksByServer.get(serverId);
            if (null == server)
            {
                server = new ServerBlocks(serverId, alwaysOn);
                server.add(allocator);
                blocksByServer.put(serverId, server);
                if (alwaysOn)
                {
                    alwaysOnServerIds = insertSorted(alwaysOnServerIds, serverId);
                }
            }
            else
            {
                server.add(allocator);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    boolean serverLost(final int serverId)
    {
        lock.lock();
        try
        {
            final ServerBlocks server = blocksByServer.get(serverId);
            if (null == server || server.isLost())
            {
                return false;
            }

            server.markLost();
            unavailable.lost(serverId);

            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A server is available again: with every block (the same process, after it was declared lost; or adopted by a
     * restarted controller) or with the blocks of some tiers only (its process restarted and kept them on a device).
     * Allocation on it resumes; the tiers not kept keep their allocated blocks until their objects are deleted, but
     * lookups of those objects answer unavailable ({@link Unavailable}).
     *
     * @return the blocks freed while it was lost (to free on it now); null if it is unknown, or was neither lost nor
     *         lost a tier
     */
    List<AllocatedBlock> serverBack(final ServerBack back)
    {
        lock.lock();
        try
        {
            final ServerBlocks server = blocksByServer.get(back.serverId());
            if (null == server || (!server.isLost() && ServerBack.ALL_TIERS == back.keptTiers()))
            {
                return null;
            }
            boolean tierLost = false;
            for (int tier = 0; tier < server.tierSlots(); tier++)
            {
                final BlockAllocator allocator = server.allocator(tier);
                if (null != allocator && !back.kept(tier))
                {
                    allocator.restart();
                    tierLost = true;
                }
            }
            if (tierLost)
            {
                publishGoneGenerations();
            }
            final List<AllocatedBlock> freed = server.markBack();
            unavailable.back(back.serverId());

            return freed;
        }
        finally
        {
            lock.unlock();
        }
    }

    private void publishGoneGenerations()
    {
        final Map<Long, Long> gone = new HashMap<>();
        for (final ServerBlocks server : blocksByServer.values())
        {
            for (int tier = 0; tier < server.tierSlots(); tier++)
            {
                final BlockAllocator allocator = server.allocator(tier);
                if (null != allocator && allocator.goneUpTo() > 0)
                {
                    gone.put(Unavailable.tierKey(server.serverId(), tier), allocator.goneUpTo());
                }
            }
        }
        unavailable.gone(gone);
    }

    /** What lookups check without a lock: lost servers and generations gone in restarts. */
    Unavailable unavailable()
    {
        return unavailable;
    }

    /** Ids of the servers that offered blocks, ascending. */
    List<Integer> serverIds()
    {
        lock.lock();
        try
        {
            final List<Integer> ids = new ArrayList<>(blocksByServer.keySet());
            ids.sort(null);

            return ids;
        }
        finally
        {
            lock.unlock();
        }
    }


    /**
     * Allocates up to {@code count} blocks, appending them to {@code out}. Each block goes to the first
     * tier of the map's tier order where a server can take it (any tier when the order is empty: the
     * chosen server's lowest tier with room), on a server drawn by the map's weights among those with
     * room in that tier. Persistent blocks go only to always-on servers: in each tier by the map's
     * weights restricted to them, else (none of the map's always-on servers can take a block there)
     * with equal weights over all always-on servers with room in that tier.
     *
     * @return the number of blocks allocated, less than count when capacity ran out
     */
    int allocate(final WeightMap weights, final boolean persistent, final int count, final List<AllocatedBlock> out)
    {
        lock.lock();
        try
        {
            for (int i = 0; i < count; i++)
            {
                final BlockAllocator allocator = chooseAllocator(weights, persistent);
                if (null == allocator)
                {
                    return i;
                }

                final long blockId = allocator.allocate();
                out.add(new AllocatedBlock(allocator.serverId(), allocator.tier(), blockId, allocator.generation(blockId)));
            }

            return count;
        }
        finally
        {
            lock.unlock();
        }
    }

    private BlockAllocator chooseAllocator(final WeightMap weights, final boolean persistent)
    {
        final int tierCount = weights.tierCount();
        if (0 == tierCount)
        {
            choosingTier = ANY_TIER;
            final int serverId = chooseServer(weights, persistent);

            return serverId < 0 ? null : blocksByServer.get(serverId).lowestTierWithRoom();
        }

        for (int t = 0; t < tierCount; t++)
        {
            choosingTier = weights.tierAt(t);
            final int serverId = chooseServer(weights, persistent);
            if (serverId >= 0)
            {
                return blocksByServer.get(serverId).allocator(choosingTier);
            }
        }

        return null;
    }

    private int chooseServer(final WeightMap weights, final boolean persistent)
    {
        return persistent ? choosePersistent(weights) : weights.choose(random, canAllocate);
    }

    /**
     * Frees blocks. A reference whose generation is not the block's current allocation is ignored.
     * Freed blocks of live servers are appended to {@code out} for freeing on the storage servers;
     * blocks of lost servers are kept aside, to be freed on them if they come back.
     */
    void free(final List<AllocatedBlock> blocks, final List<AllocatedBlock> out)
    {
        if (blocks.isEmpty())
        {
            return;
        }

        lock.lock();
        try
        {
            for (int i = 0, size = blocks.size(); i < size; i++)
            {
                final AllocatedBlock ref = blocks.get(i);
                final ServerBlocks server = blocksByServer.get(ref.serverId());
                final BlockAllocator allocator = null == server ? null : server.allocator(ref.tier());
                if (null != allocator &&
                    allocator.isAllocated(ref.blockId()) &&
                    allocator.generation(ref.blockId()) == ref.generation() &&
                    allocator.free(ref.blockId()))
                {
                    if (allocator.isLost())
                    {
                        server.freedWhileLost(ref);
                    }
                    else
                    {
                        out.add(ref);
                    }
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    CapacityStats stats()
    {
        lock.lock();
        try
        {
            final int[] ids = new int[blocksByServer.size()];
            int n = 0;
            for (final ServerBlocks server : blocksByServer.values())
            {
                ids[n++] = server.serverId();
            }
            Arrays.sort(ids);

            final List<ServerStats> servers = new ArrayList<>(ids.length);
            long total = 0;
            long free = 0;
            long allocated = 0;
            for (final int id : ids)
            {
                final ServerBlocks server = blocksByServer.get(id);
                for (int tier = 0; tier < server.tierSlots(); tier++)
                {
                    final BlockAllocator a = server.allocator(tier);
                    if (null == a)
                    {
                        continue;
                    }
                    servers.add(new ServerStats(
                        id, a.tier(), a.blockSize(), a.alwaysOn(), a.isLost(),
                        a.blockCount(), a.freeCount(), a.allocatedCount()));
                    if (!a.isLost())
                    {
                        total += a.blockCount();
                        free += a.freeCount();
                        allocated += a.allocatedCount();
                    }
                }
            }

            return new CapacityStats(List.copyOf(servers), total, free, allocated);
        }
        finally
        {
            lock.unlock();
        }
    }

    private int choosePersistent(final WeightMap weights)
    {
        final int serverId = weights.choose(random, canAllocatePersistent);
        if (serverId >= 0)
        {
            return serverId;
        }

        int eligible = 0;
        for (final int id : alwaysOnServerIds)
        {
            if (canAllocate(id))
            {
                eligible++;
            }
        }

        if (0 == eligible)
        {
            return -1;
        }

        int remaining = random.nextInt(eligible);
        for (final int id : alwaysOnServerIds)
        {
            if (canAllocate(id) && 0 == remaining--)
            {
                return id;
            }
        }

        throw new IllegalStateException("unreachable");
    }

    private boolean canAllocate(final int serverId)
    {
        final ServerBlocks server = blocksByServer.get(serverId);
        if (null == server)
        {
            return false;
        }

        return ANY_TIER == choosingTier ? null != server.lowestTierWithRoom() : server.canAllocate(choosingTier);
    }

    private boolean canAllocatePersistent(final int serverId)
    {
        final ServerBlocks server = blocksByServer.get(serverId);

        return null != server && server.alwaysOn() && canAllocate(serverId);
    }

    private static int[] insertSorted(final int[] ids, final int id)
    {
        final int[] result = Arrays.copyOf(ids, ids.length + 1);
        result[ids.length] = id;
        Arrays.sort(result);

        return result;
    }
}
