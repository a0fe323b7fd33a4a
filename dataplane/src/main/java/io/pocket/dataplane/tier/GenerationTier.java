package io.pocket.dataplane.tier;

/**
 * Base of the tiers that keep block generations in memory ({@link BlockGenerations}): owns the table, the closed
 * flag and the block-path checks (closed first, then range, then generation). Subclasses own the bytes; they live
 * in this package only.
 */
public abstract class GenerationTier implements BlockStore
{
    private final int blockSize;
    private final int blockCount;
    private final BlockGenerations generations;
    private volatile boolean closed;

    /**
     * Take over a generation table.
     *
     * @param blockSize   block size in bytes, validated by the subclass.
     * @param generations table of {@link BlockGenerations#blockCount()} blocks, owned by the tier from now on.
     */
    GenerationTier(final int blockSize, final BlockGenerations generations)
    {
        this.blockSize = blockSize;
        this.blockCount = generations.blockCount();
        this.generations = generations;
    }

    /** {@inheritDoc} */
    public final int blockSize()
    {
        return blockSize;
    }

    /** {@inheritDoc} */
    public final long blockCount()
    {
        return blockCount;
    }

    /** {@inheritDoc} */
    public final int beginWrite(final long blockId, final long generation, final int offset, final int length)
    {
        if (closed)
        {
            return BlockStatus.CLOSED;
        }

        final int rangeStatus = validateRange(blockId, offset, length);
        if (BlockStatus.OK != rangeStatus)
        {
            return rangeStatus;
        }

        return generations.beginWrite((int)blockId, generation);
    }

    /** {@inheritDoc} */
    public final int endWrite(final long blockId, final long generation)
    {
        final int status = openBlock(blockId);
        return BlockStatus.OK != status ? status : generations.endWrite((int)blockId, generation);
    }

    /** {@inheritDoc} */
    public final int checkRead(final long blockId, final long generation, final int offset, final int length)
    {
        if (closed)
        {
            return BlockStatus.CLOSED;
        }

        final int rangeStatus = validateRange(blockId, offset, length);
        if (BlockStatus.OK != rangeStatus)
        {
            return rangeStatus;
        }

        return generations.check((int)blockId, generation);
    }

    /** {@inheritDoc} */
    public final int confirmRead(final long blockId, final long generation)
    {
        final int status = openBlock(blockId);
        return BlockStatus.OK != status ? status : generations.confirm((int)blockId, generation);
    }

    /** {@inheritDoc} */
    public final int free(final long blockId, final long generation)
    {
        final int status = openBlock(blockId);
        return BlockStatus.OK != status ? status : generations.free((int)blockId, generation);
    }

    /** {@inheritDoc} */
    public final long usedBlocks()
    {
        return generations.usedBlocks();
    }

    /** {@inheritDoc} */
    public final long freeBlocks()
    {
        return blockCount - generations.usedBlocks();
    }

    /**
     * Generation a block holds now, for diagnostics and tests.
     *
     * @param blockId block, {@code 0 .. blockCount() - 1}.
     * @return its live generation, {@code 0} if never written, minus the last generation if freed.
     * @throws IndexOutOfBoundsException if the id is out of range.
     */
    public long generation(final long blockId)
    {
        checkBlockId(blockId);
        return generations.get((int)blockId);
    }

    /** {@inheritDoc} */
    public void reset()
    {
        generations.reset();
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed.
     */
    public final boolean isClosed()
    {
        return closed;
    }

    /**
     * Mark the tier closed, so the block path returns {@link BlockStatus#CLOSED}, before the subclass releases its
     * resources. Call from a synchronized {@code close()}.
     *
     * @return true if the tier was open, i.e. the caller releases the resources now.
     */
    protected final boolean markClosed()
    {
        if (closed)
        {
            return false;
        }

        closed = true;
        return true;
    }

    /**
     * The generation table, e.g. to save or load it.
     *
     * @return the table.
     */
    protected final BlockGenerations generations()
    {
        return generations;
    }

    /** {@link BlockStatus#CLOSED} once closed, {@link BlockStatus#OUT_OF_RANGE} for a block id outside the tier, else OK. */
    private int openBlock(final long blockId)
    {
        if (closed)
        {
            return BlockStatus.CLOSED;
        }
        return blockId < 0 || blockId >= blockCount ? BlockStatus.OUT_OF_RANGE : BlockStatus.OK;
    }

    /**
     * Throw unless a block id is in {@code 0 .. blockCount() - 1}.
     *
     * @param blockId block id.
     * @throws IndexOutOfBoundsException if the id is out of range.
     */
    protected final void checkBlockId(final long blockId)
    {
        if (blockId < 0 || blockId >= blockCount)
        {
            throw new IndexOutOfBoundsException("blockId " + blockId + " not in [0, " + blockCount + ")");
        }
    }
}
