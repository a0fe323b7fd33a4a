package io.pocket.controlplane.metadata.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The blocks one storage server offered to this metadata server: one {@link BlockAllocator} per
 * tier, indexed by tier code. Not thread safe: guarded by the {@link StorageRegistry} lock.
 */
final class ServerBlocks
{
    private final int serverId;
    private final boolean alwaysOn;
    private BlockAllocator[] allocatorByTier = new BlockAllocator[0];
    private boolean lost;
    /** Blocks freed while the server was lost, to be freed on it if it comes back; at most one per block. */
    private List<AllocatedBlock> freedWhileLost = new ArrayList<>();

    ServerBlocks(final int serverId, final boolean alwaysOn)
    {
        this.serverId = serverId;
        this.alwaysOn = alwaysOn;
    }

    int serverId()
    {
        return serverId;
    }

    boolean alwaysOn()
    {
        return alwaysOn;
    }

    boolean isLost()
    {
        return lost;
    }

    /**
     * Adds the allocator of a tier.
     *
     * @throws IllegalArgumentException if the tier was offered already, or the offer disagrees on alwaysOn
     */
    void add(final BlockAllocator allocator)
    {
        final int tier = allocator.tier();
        if (null != allocator(tier))
        {
            throw new IllegalArgumentException(
                "storage server " + serverId + " is already registered with tier " + tier);
        }
        if (allocator.alwaysOn() != alwaysOn)
        {
            throw new IllegalArgumentException("storage server " + serverId + " offers tier " + tier + " as " +
                (allocator.alwaysOn() ? "always-on" : "not always-on") + " but registered otherwise before");
        }
        if (tier >= allocatorByTier.length)
        {
            allocatorByTier = Arrays.copyOf(allocatorByTier, tier + 1);
        }
        allocatorByTier[tier] = allocator;
        if (lost)
        {
            allocator.markLost();
        }
    }

    /** The allocator of a tier, or null if the server offered no blocks of it. */
    BlockAllocator allocator(final int tier)
    {
        return tier >= 0 && tier < allocatorByTier.length ? allocatorByTier[tier] : null;
    }

    /** Whether a block of the tier can be allocated now. */
    boolean canAllocate(final int tier)
    {
        final BlockAllocator allocator = allocator(tier);

        return null != allocator && allocator.canAllocate();
    }

    /** The allocator of the lowest tier with a free block, or null. */
    BlockAllocator lowestTierWithRoom()
    {
        for (final BlockAllocator allocator : allocatorByTier)
        {
            if (null != allocator && allocator.canAllocate())
            {
                return allocator;
            }
        }

        return null;
    }

    /** Stops all allocation on every tier; frees are still accounted. */
    void markLost()
    {
        lost = true;
        for (final BlockAllocator allocator : allocatorByTier)
        {
            if (null != allocator)
            {
                allocator.markLost();
            }
        }
    }

    /** Remembers a block freed while the server is lost. */
    void freedWhileLost(final AllocatedBlock ref)
    {
        freedWhileLost.add(ref);
    }

    /**
     * The server came back with its blocks: allocation resumes on every tier.
     *
     * @return the blocks freed while it was lost, to free on it now
     */
    List<AllocatedBlock> markBack()
    {
        lost = false;
        for (final BlockAllocator allocator : allocatorByTier)
        {
            if (null != allocator)
            {
                allocator.markBack();
            }
        }
        final List<AllocatedBlock> freed = freedWhileLost;
        freedWhileLost = new ArrayList<>();
        return freed;
    }

    /** Number of tier slots; {@link #allocator(int)} of each may be null. */
    int tierSlots()
    {
        return allocatorByTier.length;
    }
}
