package io.pocket.controlplane.metadata.core;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * All storage servers' block allocators behind one lock, and the weighted choice of a server per block.
 * The lock is always taken last (after a job's lock) and never held while taking another lock.
 * The set of lost servers is also published as a sorted array for lock-free reads by lookups.
 */
final class StorageRegistry
{
    private static final int[] NO_SERVERS = new int[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final int blockSize;
    private final RandomGenerator random;
    private final Int2ObjectHashMap<BlockAllocator> allocatorByServer = new Int2ObjectHashMap<>();
    private final IntPredicate canAllocate = this::canAllocate;
    private final IntPredicate canAllocatePersistent = this::canAllocatePersistent;
    private int[] alwaysOnServerIds = NO_SERVERS;
    private volatile int[] lostServerIds = NO_SERVERS;

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

        lock.lock();
        try
        {
            if (allocatorByServer.containsKey(serverId))
            {
                throw new IllegalArgumentException("storage server " + serverId + " is already registered");
            }

            allocatorByServer.put(
                serverId, new BlockAllocator(serverId, tier, blockSize, firstBlockId, blockCount, alwaysOn));
            if (alwaysOn)
            {
                alwaysOnServerIds = insertSorted(alwaysOnServerIds, serverId);
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
            final BlockAllocator allocator = allocatorByServer.get(serverId);
            if (null == allocator || allocator.isLost())
            {
                return false;
            }

            allocator.markLost();
            lostServerIds = insertSorted(lostServerIds, serverId);

            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Sorted ids of lost servers; read without a lock, never modified after publication. */
    int[] lostServerIds()
    {
        return lostServerIds;
    }

    /**
     * Allocates up to {@code count} blocks, one weighted choice per block, appending them to {@code out}.
     * Persistent blocks go only to always-on servers: by the map's weights restricted to them, else
     * (none of the map's always-on servers can take a block) with equal weights over all always-on servers.
     *
     * @return the number of blocks allocated, less than count when capacity ran out
     */
    int allocate(final WeightMap weights, final boolean persistent, final int count, final List<BlockRef> out)
    {
        lock.lock();
        try
        {
            for (int i = 0; i < count; i++)
            {
                final int serverId = persistent ?
                    choosePersistent(weights) : weights.choose(random, canAllocate);
                if (serverId < 0)
                {
                    return i;
                }

                final BlockAllocator allocator = allocatorByServer.get(serverId);
                final long blockId = allocator.allocate();
                out.add(new BlockRef(serverId, allocator.tier(), blockId, allocator.generation(blockId)));
            }

            return count;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Frees blocks. A reference whose generation is not the block's current allocation is ignored.
     * Freed blocks of live servers are appended to {@code out} for freeing on the storage servers;
     * blocks of lost servers are dropped.
     */
    void free(final List<BlockRef> blocks, final List<BlockRef> out)
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
                final BlockRef ref = blocks.get(i);
                final BlockAllocator allocator = allocatorByServer.get(ref.serverId());
                if (null != allocator &&
                    allocator.isAllocated(ref.blockId()) &&
                    allocator.generation(ref.blockId()) == ref.generation() &&
                    allocator.free(ref.blockId()) &&
                    !allocator.isLost())
                {
                    out.add(ref);
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
            final int[] ids = new int[allocatorByServer.size()];
            int n = 0;
            for (final BlockAllocator allocator : allocatorByServer.values())
            {
                ids[n++] = allocator.serverId();
            }
            Arrays.sort(ids);

            final List<ServerStats> servers = new ArrayList<>(ids.length);
            long total = 0;
            long free = 0;
            long allocated = 0;
            for (final int id : ids)
            {
                final BlockAllocator a = allocatorByServer.get(id);
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
        final BlockAllocator allocator = allocatorByServer.get(serverId);

        return null != allocator && allocator.canAllocate();
    }

    private boolean canAllocatePersistent(final int serverId)
    {
        final BlockAllocator allocator = allocatorByServer.get(serverId);

        return null != allocator && allocator.alwaysOn() && allocator.canAllocate();
    }

    private static int[] insertSorted(final int[] ids, final int id)
    {
        final int[] result = Arrays.copyOf(ids, ids.length + 1);
        result[ids.length] = id;
        Arrays.sort(result);

        return result;
    }
}
