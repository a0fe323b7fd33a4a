package io.pocket.dataplane.tier;

import io.pocket.protocol.TierKind;

import static org.agrona.UnsafeAccess.UNSAFE;

/**
 * DRAM tier: one off-heap arena, allocated once at construction, carved into fixed-size blocks.
 * <p>
 * The arena comes from {@code Unsafe.allocateMemory}, not from direct {@code ByteBuffer}s, so it is neither limited
 * to 2 GiB nor counted against {@code -XX:MaxDirectMemorySize}: a server started with {@code -Xmx256m} can hold many
 * GiB. The memory is not zeroed; pages are mapped by the OS on first touch unless {@code pretouch} is set.
 * <p>
 * The generation of each block lives in a {@link BlockGenerations} table whose transitions (write under a new
 * generation, free) are compare-and-set, so I/O threads share the tier without locks.
 * <p>
 * After {@link #close()} status-returning methods return {@link BlockStatus#CLOSED}, {@link #address(long)},
 * {@link #arenaAddress()} and {@link #generation(long)} throw {@link IllegalStateException}; geometry and the
 * used/free counters (as they were at close) stay readable. Close only once no thread copies to or from the arena.
 */
public final class DramTier extends GenerationTier
{
    /** Smallest block size accepted, 4 KiB. */
    public static final int MIN_BLOCK_SIZE = 4 * 1024;

    /** Largest block size accepted, 1 MiB. */
    public static final int MAX_BLOCK_SIZE = 1024 * 1024;

    /** Stride used by pre-touch: one byte is written per page of this size. */
    public static final int PAGE_SIZE = 4 * 1024;

    private final int blockShift;
    private final long capacityBytes;
    private final long arenaAddress;

    /**
     * Allocate a DRAM tier without pre-touching pages.
     *
     * @param capacityBytes bytes to hold; rounded down to a multiple of {@code blockSize}.
     * @param blockSize     power of two from {@link #MIN_BLOCK_SIZE} to {@link #MAX_BLOCK_SIZE}.
     * @throws IllegalArgumentException if the block size is invalid or the capacity is below one block.
     */
    public DramTier(final long capacityBytes, final int blockSize)
    {
        this(capacityBytes, blockSize, false);
    }

    /**
     * Allocate a DRAM tier.
     *
     * @param capacityBytes bytes to hold; rounded down to a multiple of {@code blockSize}.
     * @param blockSize     power of two from {@link #MIN_BLOCK_SIZE} to {@link #MAX_BLOCK_SIZE}.
     * @param pretouch      write one byte per {@link #PAGE_SIZE} page now, so that page faults happen at start-up
     *                      rather than on the block path.
     * @throws IllegalArgumentException if the block size is invalid or the capacity is below one block.
     * @throws OutOfMemoryError         if the arena cannot be allocated.
     */
    public DramTier(final long capacityBytes, final int blockSize, final boolean pretouch)
    {
        super(blockSize, new BlockGenerations(blockCount(capacityBytes, blockSize)));
        this.blockShift = Integer.numberOfTrailingZeros(blockSize);
        this.capacityBytes = blockCount() * blockSize;
        this.arenaAddress = UNSAFE.allocateMemory(this.capacityBytes);

        if (pretouch)
        {
            for (long offset = 0; offset < this.capacityBytes; offset += PAGE_SIZE)
            {
                UNSAFE.putByte(arenaAddress + offset, (byte)0);
            }
        }
    }

    private static int blockCount(final long capacityBytes, final int blockSize)
    {
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1)
        {
            throw new IllegalArgumentException(
                "blockSize must be a power of two from " + MIN_BLOCK_SIZE + " to " + MAX_BLOCK_SIZE + ": " + blockSize);
        }

        if (capacityBytes < blockSize)
        {
            throw new IllegalArgumentException(
                "capacityBytes must hold at least one block of " + blockSize + " bytes: " + capacityBytes);
        }

        final long blocks = capacityBytes / blockSize;
        if (blocks > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException(
                "capacityBytes gives too many blocks of " + blockSize + " bytes: " + capacityBytes);
        }

        return (int)blocks;
    }

    /** {@inheritDoc} */
    public long capacityBytes()
    {
        return capacityBytes;
    }

    /** {@inheritDoc} */
    public TierKind kind()
    {
        return TierKind.DRAM;
    }

    /**
     * Absolute native address of a block's first byte.
     *
     * @param blockId block, {@code 0 .. blockCount() - 1}.
     * @return the address; the block spans {@code [address, address + blockSize())}.
     * @throws IndexOutOfBoundsException if the id is out of range.
     * @throws IllegalStateException     if the tier is closed.
     */
    public long address(final long blockId)
    {
        ensureOpen();
        checkBlockId(blockId);
        return arenaAddress + (blockId << blockShift);
    }

    /**
     * Generation a block holds now, for diagnostics and tests.
     *
     * @param blockId block, {@code 0 .. blockCount() - 1}.
     * @return its live generation, {@code 0} if never written, minus the last generation if freed.
     * @throws IndexOutOfBoundsException if the id is out of range.
     * @throws IllegalStateException     if the tier is closed.
     */
    public long generation(final long blockId)
    {
        ensureOpen();
        return super.generation(blockId);
    }

    /**
     * Native address of the arena's first byte; block {@code i} starts at {@code arenaAddress() + i * blockSize()}.
     *
     * @return the arena address.
     * @throws IllegalStateException if the tier is closed.
     */
    public long arenaAddress()
    {
        ensureOpen();
        return arenaAddress;
    }

    /**
     * Free the arena. Idempotent. The caller must ensure no thread still copies to or from block addresses.
     */
    public synchronized void close()
    {
        if (markClosed())
        {
            UNSAFE.freeMemory(arenaAddress);
        }
    }

    /** {@inheritDoc} */
    public String toString()
    {
        return "DramTier{capacityBytes=" + capacityBytes +
            ", blockSize=" + blockSize() +
            ", blockCount=" + blockCount() +
            ", usedBlocks=" + usedBlocks() +
            ", closed=" + isClosed() +
            '}';
    }

    /**
     * Forgets every block: all free, generations back to zero, so that a fresh offer of the blocks
     * (after the server re-registered under a new id) starts again at generation one. Callers stop
     * I/O on the tier first.
     *
     * @throws IllegalStateException if the tier is closed.
     */
    public void reset()
    {
        ensureOpen();
        super.reset();
    }

    private void ensureOpen()
    {
        if (isClosed())
        {
            throw new IllegalStateException("DramTier is closed");
        }
    }
}
