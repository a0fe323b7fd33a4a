package io.pocket.dataplane.tier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * The generation table of a tier: which generation each block holds, shared by every {@link BlockStore}.
 * <p>
 * One {@code long} per block: {@code 0} never written, {@code g > 0} holds generation {@code g}, {@code -g} freed at
 * generation {@code g}. A freed block remembers its generation so that a late write of it (or of an older one) is
 * refused rather than reviving the block. Transitions are compare-and-set through a {@link VarHandle}, so I/O threads
 * share a table without locks.
 * <p>
 * Callers validate block indexes ({@code 0 .. blockCount() - 1}); methods return {@link BlockStatus} codes and never
 * allocate.
 */
public final class BlockGenerations
{
    private static final VarHandle GENERATIONS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] generations;
    private final LongAdder usedBlocks = new LongAdder();

    /**
     * A table of blocks that were never written.
     *
     * @param blockCount number of blocks, {@code >= 1}.
     */
    public BlockGenerations(final int blockCount)
    {
        this.generations = new long[blockCount];
    }

    /**
     * Number of blocks.
     *
     * @return the block count.
     */
    public int blockCount()
    {
        return generations.length;
    }

    /**
     * Make a block hold {@code generation} for a write: accepted if it holds it already, was never written, or its
     * last generation (live or freed) is below it.
     *
     * @param index      block index.
     * @param generation generation of the reference.
     * @return {@link BlockStatus#OK} or {@link BlockStatus#STALE_GENERATION}.
     */
    public int beginWrite(final int index, final long generation)
    {
        if (generation <= 0)
        {
            return BlockStatus.STALE_GENERATION;
        }

        while (true)
        {
            final long current = (long)GENERATIONS.getVolatile(generations, index);
            if (current == generation)
            {
                return BlockStatus.OK;
            }

            if (Math.abs(current) >= generation)
            {
                return BlockStatus.STALE_GENERATION;
            }

            if (GENERATIONS.compareAndSet(generations, index, current, generation))
            {
                if (current <= 0)
                {
                    usedBlocks.increment();
                }

                return BlockStatus.OK;
            }
        }
    }

    /**
     * Finish a write whose bytes reached the block over time (straight from the socket, after {@link #beginWrite}):
     * accepted if the block still holds {@code generation}. If a newer generation took the block meanwhile (the old
     * one freed and the block reused while our bytes landed), its bytes may be mixed with ours, so the block is marked
     * freed at that newer generation: its owner's reads and writes then fail rather than see mixed bytes.
     *
     * @param index      block index.
     * @param generation generation passed to {@link #beginWrite}.
     * @return {@link BlockStatus#OK} or {@link BlockStatus#STALE_GENERATION}.
     */
    public int endWrite(final int index, final long generation)
    {
        while (true)
        {
            final long current = (long)GENERATIONS.getVolatile(generations, index);
            if (current == generation)
            {
                return BlockStatus.OK;
            }

            if (current <= generation || GENERATIONS.compareAndSet(generations, index, current, -current))
            {
                if (current > generation)
                {
                    usedBlocks.decrement();
                }
                return BlockStatus.STALE_GENERATION;
            }
        }
    }

    /**
     * Whether a block holds exactly {@code generation}, for a read (volatile read of the generation).
     *
     * @param index      block index.
     * @param generation generation of the reference.
     * @return {@link BlockStatus#OK}, {@link BlockStatus#STALE_GENERATION} or {@link BlockStatus#NOT_WRITTEN}.
     */
    public int check(final int index, final long generation)
    {
        return compare((long)GENERATIONS.getVolatile(generations, index), generation);
    }

    /**
     * As {@link #check} after a load fence: confirms that bytes copied out of the block since an earlier check were
     * not overwritten by a free and reuse meanwhile.
     *
     * @param index      block index.
     * @param generation generation of the reference.
     * @return as {@link #check}.
     */
    public int confirm(final int index, final long generation)
    {
        VarHandle.loadLoadFence();
        return compare((long)GENERATIONS.getVolatile(generations, index), generation);
    }

    /**
     * Free a block if it holds {@code generation}; a block holding an older generation (or never written) is marked
     * freed at {@code generation} so a late write of it is refused.
     *
     * @param index      block index.
     * @param generation generation being freed.
     * @return {@link BlockStatus#OK}, {@link BlockStatus#STALE_GENERATION} (nothing done) or
     * {@link BlockStatus#NOT_WRITTEN} (older generation; now marked freed).
     */
    public int free(final int index, final long generation)
    {
        if (generation <= 0)
        {
            return BlockStatus.STALE_GENERATION;
        }

        while (true)
        {
            final long current = (long)GENERATIONS.getVolatile(generations, index);
            if (current == generation)
            {
                if (GENERATIONS.compareAndSet(generations, index, generation, -generation))
                {
                    usedBlocks.decrement();
                    return BlockStatus.OK;
                }
                continue;
            }

            if (Math.abs(current) >= generation)
            {
                return BlockStatus.STALE_GENERATION;
            }

            if (GENERATIONS.compareAndSet(generations, index, current, -generation))
            {
                if (current > 0)
                {
                    usedBlocks.decrement();
                }
                return BlockStatus.NOT_WRITTEN;
            }
        }
    }

    /**
     * Raw table entry of a block.
     *
     * @param index block index.
     * @return live generation, {@code 0} if never written, minus the last generation if freed.
     */
    public long get(final int index)
    {
        return (long)GENERATIONS.getVolatile(generations, index);
    }

    /**
     * Set a raw table entry, when loading a saved table; not for use while I/O runs.
     *
     * @param index block index.
     * @param entry as returned by {@link #get}.
     */
    public void restore(final int index, final long entry)
    {
        final long previous = (long)GENERATIONS.getAndSet(generations, index, entry);
        if (previous > 0)
        {
            usedBlocks.decrement();
        }
        if (entry > 0)
        {
            usedBlocks.increment();
        }
    }

    /** Forget every block: all never written. Callers stop I/O first. */
    public void reset()
    {
        for (int i = 0; i < generations.length; i++)
        {
            GENERATIONS.setVolatile(generations, i, 0L);
        }
        usedBlocks.reset();
    }

    /**
     * Blocks holding a live generation.
     *
     * @return used blocks; exact when no operation is in flight.
     */
    public long usedBlocks()
    {
        return usedBlocks.sum();
    }

    private static int compare(final long current, final long generation)
    {
        if (generation <= 0)
        {
            return BlockStatus.STALE_GENERATION;
        }

        if (current == generation)
        {
            return BlockStatus.OK;
        }

        return Math.abs(current) >= generation ? BlockStatus.STALE_GENERATION : BlockStatus.NOT_WRITTEN;
    }
}
