package io.pocket.dataplane.tier;

import io.pocket.protocol.TierKind;

/**
 * One storage tier of a storage server: a fixed number of fixed-size blocks addressed by id, nothing else.
 * <p>
 * The metadata server decides which block ids are in use; a store only keeps bytes and enforces generations. Every
 * block reference carries a generation ({@code > 0}) so that a block that was freed and reused is never read through
 * a stale reference. Generation {@code 0} means "free".
 * <p>
 * A store keeps generations and geometry; the caller moves the bytes: after {@link #beginWrite} or {@link #checkRead}
 * returns {@link BlockStatus#OK} it copies them to or from the block's memory ({@link DramTier#address}) or issues
 * device I/O at the block's file offset ({@link DeviceTier#fileOffset}). The store knows no transport.
 * <p>
 * Block-path methods return {@link BlockStatus} codes, never throw for bad input and never allocate. They are safe
 * to call from many I/O threads at once without external locking.
 * <p>
 * Closing: after {@link #close()} every status-returning method returns {@link BlockStatus#CLOSED}. Geometry
 * ({@link #blockSize()}, {@link #blockCount()}, {@link #kind()}) stays readable. Callers must stop issuing I/O before
 * closing: {@code close()} releases the memory or the device and cannot wait for in-flight copies.
 */
public interface BlockStore extends AutoCloseable
{
    /**
     * Size of every block in bytes.
     *
     * @return block size, a power of two.
     */
    int blockSize();

    /**
     * Number of blocks; valid ids are {@code 0 .. blockCount() - 1}.
     *
     * @return block count, {@code >= 1}.
     */
    long blockCount();

    /**
     * Bytes this store holds.
     *
     * @return {@code blockCount() * blockSize()}.
     */
    default long capacityBytes()
    {
        return blockCount() * blockSize();
    }

    /**
     * Media kind of this store.
     *
     * @return the tier kind.
     */
    TierKind kind();

    /**
     * Start a write of {@code length} bytes at {@code offset} into a block under a generation.
     * <p>
     * Accepted if the block holds {@code generation} already, or was never written, or its last generation (live
     * or freed) is below {@code generation}; the block then holds {@code generation}. A freed block remembers the
     * generation it was freed at, so a write arriving after its free is refused rather than reviving the block. Several writes under the same generation (e.g. the parts of one block) are all accepted. On
     * {@link BlockStatus#OK} the caller moves the bytes into the block.
     *
     * @param blockId    block to write.
     * @param generation generation of the reference, {@code > 0}.
     * @param offset     byte offset in the block.
     * @param length     number of bytes.
     * @return {@link BlockStatus#OK}, {@link BlockStatus#OUT_OF_RANGE}, {@link BlockStatus#MISALIGNED_OR_TOO_LONG},
     * {@link BlockStatus#STALE_GENERATION} (block holds, or was freed at, this or a higher generation, or
     * {@code generation <= 0}) or {@link BlockStatus#CLOSED}.
     */
    int beginWrite(long blockId, long generation, int offset, int length);

    /**
     * Finish a write whose bytes were moved into the block over time rather than in one copy right after
     * {@link #beginWrite} (they land from the socket as they arrive). Accepted if the block still holds
     * {@code generation}; if it was freed and taken by a newer generation meanwhile, that newer generation is marked
     * freed, so its owner sees errors instead of bytes mixed with this write's.
     *
     * @param blockId    block written.
     * @param generation generation passed to {@link #beginWrite}.
     * @return {@link BlockStatus#OK}, {@link BlockStatus#STALE_GENERATION}, {@link BlockStatus#OUT_OF_RANGE} or
     * {@link BlockStatus#CLOSED}.
     */
    int endWrite(long blockId, long generation);

    /**
     * Check that a read of {@code length} bytes at {@code offset} under a generation may proceed.
     * <p>
     * Accepted only if the block currently holds exactly {@code generation}, i.e. was written under it and not freed
     * since. On {@link BlockStatus#OK} the caller moves the bytes out of the block.
     *
     * @param blockId    block to read.
     * @param generation generation of the reference, {@code > 0}.
     * @param offset     byte offset in the block.
     * @param length     number of bytes.
     * @return {@link BlockStatus#OK}, {@link BlockStatus#OUT_OF_RANGE}, {@link BlockStatus#MISALIGNED_OR_TOO_LONG},
     * {@link BlockStatus#STALE_GENERATION} (block holds, or was freed at, this or a higher generation, or
     * {@code generation <= 0}), {@link BlockStatus#NOT_WRITTEN} (block never written at this generation) or
     * {@link BlockStatus#CLOSED}.
     */
    int checkRead(long blockId, long generation, int offset, int length);

    /**
     * Confirm, after copying bytes out of a block, that the block still holds {@code generation}.
     * <p>
     * {@link #checkRead} only proves the generation before the copy; a free and a reuse racing with the copy could
     * have overwritten the bytes meanwhile. A reader that must never return such bytes calls this after the copy
     * (seqlock style: a load fence, then the generation is read again) and discards the data unless it returns
     * {@link BlockStatus#OK}.
     *
     * @param blockId    block that was read.
     * @param generation generation passed to {@link #checkRead}.
     * @return {@link BlockStatus#OK} if the block still holds {@code generation}, otherwise as {@link #checkRead}.
     */
    int confirmRead(long blockId, long generation);

    /**
     * Free a block if, and only if, it holds {@code generation}. A late free for an older generation never clears a
     * newer write.
     *
     * @param blockId    block to free.
     * @param generation generation being freed, {@code > 0}.
     * @return {@link BlockStatus#OK} (block is now free), {@link BlockStatus#OUT_OF_RANGE},
     * {@link BlockStatus#STALE_GENERATION} (block holds, or was freed at, this or a higher generation, or
     * {@code generation <= 0}; nothing done), {@link BlockStatus#NOT_WRITTEN} (block holding an older generation;
     * nothing done) or
     * {@link BlockStatus#CLOSED}.
     */
    int free(long blockId, long generation);

    /** Forget every block (all free, generations back to zero); callers stop I/O on the store first. */
    void reset();

    /**
     * Number of blocks currently holding a live generation.
     *
     * @return used blocks; exact when no operation is in flight.
     */
    long usedBlocks();

    /**
     * Number of blocks currently free.
     *
     * @return {@code blockCount() - usedBlocks()}.
     */
    long freeBlocks();

    /**
     * Validate a block id and a byte range inside a block, without looking at generations.
     *
     * @param blockId block id.
     * @param offset  byte offset in the block.
     * @param length  number of bytes.
     * @return {@link BlockStatus#OK}, {@link BlockStatus#OUT_OF_RANGE} or
     * {@link BlockStatus#MISALIGNED_OR_TOO_LONG}.
     */
    default int validateRange(final long blockId, final int offset, final int length)
    {
        if (blockId < 0 || blockId >= blockCount())
        {
            return BlockStatus.OUT_OF_RANGE;
        }

        if (offset < 0 || length < 0 || offset > blockSize() - length)
        {
            return BlockStatus.MISALIGNED_OR_TOO_LONG;
        }

        return BlockStatus.OK;
    }

    /**
     * Release the store's resources. Idempotent. See the class comment for behaviour after close.
     */
    void close();
}
