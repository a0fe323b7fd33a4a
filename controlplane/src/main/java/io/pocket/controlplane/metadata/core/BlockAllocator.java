package io.pocket.controlplane.metadata.core;

import java.util.BitSet;

/**
 * The blocks one storage server registered for one tier: a generation per block, a bitset of
 * allocated blocks that makes a double free harmless, and one of two orders of reuse:
 * <ul>
 * <li>FIFO (DRAM, NVMe): a free list where a freed block goes to the back, so it is reused as late
 * as possible;</li>
 * <li>sequential (disk): a cursor that hands out the next free block at or after the last one
 * handed out, wrapping at the end, so consecutive writes land on ascending addresses.</li>
 * </ul>
 * Blocks are {@code firstBlockId .. firstBlockId + blockCount - 1}.
 * <p>
 * Not thread safe: the owner guards it with its allocator lock.
 */
public final class BlockAllocator
{
    /** Largest number of blocks one allocator holds (array limit). */
    public static final int MAX_BLOCK_COUNT = Integer.MAX_VALUE - 8;

    private final int serverId;
    private final int tier;
    private final int blockSize;
    private final long firstBlockId;
    private final int blockCount;
    private final boolean alwaysOn;
    private final boolean sequential;
    private final long[] generations;
    private final BitSet allocated;
    /** FIFO free list; null when sequential. */
    private final int[] freeRing;
    /** FIFO: index of the front of the free list; sequential: offset where the next search starts. */
    private int freeHead;
    private int freeCount;
    private boolean lost;
    /** Generations up to this one were issued before the server restarted without this tier's blocks: gone. */
    private long goneUpTo;

    /**
     * A FIFO allocator.
     *
     * @throws IllegalArgumentException if blockSize is not positive, firstBlockId is negative, blockCount is not
     *                                  in [1, {@link #MAX_BLOCK_COUNT}] or the range of block ids overflows
     */
    public BlockAllocator(
        final int serverId,
        final int tier,
        final int blockSize,
        final long firstBlockId,
        final long blockCount,
        final boolean alwaysOn)
    {
        this(serverId, tier, blockSize, firstBlockId, blockCount, alwaysOn, false);
    }

    /**
     * @param sequential hand out blocks in ascending address order (disk) instead of reusing them FIFO
     * @throws IllegalArgumentException if blockSize is not positive, firstBlockId is negative, blockCount is not
     *                                  in [1, {@link #MAX_BLOCK_COUNT}] or the range of block ids overflows
     */
    public BlockAllocator(
        final int serverId,
        final int tier,
        final int blockSize,
        final long firstBlockId,
        final long blockCount,
        final boolean alwaysOn,
        final boolean sequential)
    {
        if (blockSize <= 0)
        {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
        if (firstBlockId < 0)
        {
            throw new IllegalArgumentException("first block id must not be negative: " + firstBlockId);
        }
        if (blockCount < 1 || blockCount > MAX_BLOCK_COUNT || firstBlockId > Long.MAX_VALUE - blockCount)
        {
            throw new IllegalArgumentException("invalid block count " + blockCount + " from block " + firstBlockId);
        }

        this.serverId = serverId;
        this.tier = tier;
        this.blockSize = blockSize;
        this.firstBlockId = firstBlockId;
        this.blockCount = (int)blockCount;
        this.alwaysOn = alwaysOn;
        this.sequential = sequential;
        this.generations = new long[this.blockCount];
        this.allocated = new BitSet(this.blockCount);
        this.freeRing = sequential ? null : new int[this.blockCount];
        if (!sequential)
        {
            for (int i = 0; i < this.blockCount; i++)
            {
                freeRing[i] = i;
            }
        }
        this.freeCount = this.blockCount;
    }

    /**
     * Takes the block at the front of the free list (sequential: the next free block at or after the
     * cursor) and increments its generation.
     *
     * @return the block id, or -1 if no block is free or the server is lost
     */
    public long allocate()
    {
        if (0 == freeCount || lost)
        {
            return -1;
        }

        final int offset;
        if (sequential)
        {
            final int next = allocated.nextClearBit(freeHead);
            offset = next < blockCount ? next : allocated.nextClearBit(0);
            freeHead = offset + 1 == blockCount ? 0 : offset + 1;
        }
        else
        {
            offset = freeRing[freeHead];
            freeHead = freeHead + 1 == blockCount ? 0 : freeHead + 1;
        }
        freeCount--;
        allocated.set(offset);
        generations[offset] = Math.max(generations[offset], goneUpTo) + 1;

        return firstBlockId + offset;
    }

    /**
     * Returns an allocated block to the back of the free list.
     *
     * @return false, changing nothing, if the block is not of this server or not allocated (a double free)
     */
    public boolean free(final long blockId)
    {
        if (!contains(blockId))
        {
            return false;
        }

        final int offset = (int)(blockId - firstBlockId);
        if (!allocated.get(offset))
        {
            return false;
        }

        allocated.clear(offset);
        if (!sequential)
        {
            int tail = freeHead + freeCount;
            if (tail >= blockCount)
            {
                tail -= blockCount;
            }
            freeRing[tail] = offset;
        }
        freeCount++;

        return true;
    }

    /**
     * The storage server restarted and this tier's blocks did not survive: every generation issued so far is gone
     * ({@link #goneUpTo}); blocks still allocated stay allocated until their objects are deleted, and allocation goes
     * on above the gone generations.
     */
    public void restart()
    {
        for (final long generation : generations)
        {
            goneUpTo = Math.max(goneUpTo, generation);
        }
    }

    /** Generations up to this one are gone; 0 if the tier never lost its blocks. */
    public long goneUpTo()
    {
        return goneUpTo;
    }

    /** Current generation of a block: 0 if it was never allocated, else the last one issued (increasing). */
    public long generation(final long blockId)
    {
        if (!contains(blockId))
        {
            throw new IllegalArgumentException("block " + blockId + " is not on storage server " + serverId);
        }

        return generations[(int)(blockId - firstBlockId)];
    }

    public boolean isAllocated(final long blockId)
    {
        return contains(blockId) && allocated.get((int)(blockId - firstBlockId));
    }

    /** Whether the id is in this server's range of blocks. */
    public boolean contains(final long blockId)
    {
        return blockId >= firstBlockId && blockId - firstBlockId < blockCount;
    }

    /** Whether {@link #allocate()} would succeed. */
    public boolean canAllocate()
    {
        return freeCount > 0 && !lost;
    }

    /** Stops all further allocation: the server is gone. Frees are still accounted. */
    public void markLost()
    {
        lost = true;
    }

    public boolean isLost()
    {
        return lost;
    }

    /** The server declared lost came back with its blocks: allocation resumes. */
    public void markBack()
    {
        lost = false;
    }

    public int freeCount()
    {
        return freeCount;
    }

    public int allocatedCount()
    {
        return blockCount - freeCount;
    }

    public int blockCount()
    {
        return blockCount;
    }

    public long firstBlockId()
    {
        return firstBlockId;
    }

    public int serverId()
    {
        return serverId;
    }

    public int tier()
    {
        return tier;
    }

    public int blockSize()
    {
        return blockSize;
    }

    public boolean alwaysOn()
    {
        return alwaysOn;
    }

    /** Whether blocks are handed out in ascending address order (disk) rather than FIFO. */
    public boolean isSequential()
    {
        return sequential;
    }

    @Override
    public String toString()
    {
        return "BlockAllocator{server=" + serverId + ", tier=" + tier + ", blocks=" + firstBlockId + "+" + blockCount +
            ", free=" + freeCount + (sequential ? ", sequential" : "") + (lost ? ", lost" : "") + '}';
    }
}
