package io.pocket.dataplane.tier;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.dataplane.io.DeviceFile;
import io.pocket.protocol.TierKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * A tier kept on a device or file opened with O_DIRECT ({@link DeviceFile}): block {@code i} lives at file offset
 * {@code i * blockSize()}, a multiple of the device alignment. The tier keeps the generations in memory
 * ({@link BlockGenerations}, the same semantics as {@link DramTier}); the storage server moves the bytes with an
 * {@link io.pocket.dataplane.io.IoEngine} per I/O thread.
 * <p>
 * Ephemeral by default: the file is reset at open and its blocks are all free. With {@code keep}, the contents stay
 * and the generation table saved by the previous clean {@link #close()} (a sidecar file next to the device, see
 * {@link GenerationTableFile}) is loaded, so blocks written before a clean restart read back the same bytes. The
 * sidecar is deleted once loaded: after a crash the tier starts empty rather than trusting a stale table.
 */
public abstract class DeviceTier extends GenerationTier
{
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTier.class);

    private final TierKind kind;
    private final DeviceFile file;
    private final boolean keep;
    private final Path tablePath;

    /**
     * Open the device and the generation table.
     *
     * @param kind      media kind.
     * @param file      the opened device; owned by the tier from now on (closed on failure too).
     * @param size      bytes of the device to use; rounded down to whole blocks.
     * @param blockSize power of two from {@link DramTier#MIN_BLOCK_SIZE} to {@link DramTier#MAX_BLOCK_SIZE}, a
     *                  multiple of the device alignment.
     * @param keep      keep the contents and load the saved generation table instead of starting empty.
     * @throws InvalidArgumentException if the geometry does not fit the device or the saved table does not match.
     */
    protected DeviceTier(
        final TierKind kind, final DeviceFile file, final long size, final int blockSize, final boolean keep)
    {
        super(blockSize, newGenerations(file, size, blockSize));
        try
        {
            this.kind = kind;
            this.file = file;
            this.keep = keep;
            this.tablePath = GenerationTableFile.pathFor(file.path());
            if (keep)
            {
                GenerationTableFile.loadAndDelete(tablePath, blockSize, generations());
            }
            else
            {
                GenerationTableFile.delete(tablePath);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            file.close();
            throw ex;
        }
    }

    private static BlockGenerations newGenerations(final DeviceFile file, final long size, final int blockSize)
    {
        try
        {
            if (blockSize < DramTier.MIN_BLOCK_SIZE || blockSize > DramTier.MAX_BLOCK_SIZE ||
                Integer.bitCount(blockSize) != 1)
            {
                throw new InvalidArgumentException("blockSize must be a power of two from " +
                    DramTier.MIN_BLOCK_SIZE + " to " + DramTier.MAX_BLOCK_SIZE + ": " + blockSize);
            }
            if (blockSize % file.alignment() != 0)
            {
                throw new InvalidArgumentException(file.path() + ": block size " + Sizes.format(blockSize) +
                    " is not a multiple of the device's " + file.alignment() + "-byte alignment");
            }
            final long usable = Math.min(size, file.size());
            final long blocks = usable / blockSize;
            if (blocks < 1 || blocks > Integer.MAX_VALUE - 8)
            {
                throw new InvalidArgumentException(file.path() + ": " + Sizes.format(usable) +
                    " must hold 1.." + (Integer.MAX_VALUE - 8) + " blocks of " + Sizes.format(blockSize));
            }
            return new BlockGenerations((int)blocks);
        }
        catch (final RuntimeException | Error ex)
        {
            file.close();
            throw ex;
        }
    }

    /**
     * Bytes of the device a tier uses: {@code size} rounded down to whole blocks (and so to the device alignment).
     *
     * @param size      bytes asked for.
     * @param blockSize block size.
     * @return whole blocks' bytes; 0 if not even one block fits (then opening the device fails).
     */
    protected static long wholeBlocks(final long size, final int blockSize)
    {
        return blockSize > 0 ? size - size % blockSize : size;
    }

    /**
     * The device file the blocks live in.
     *
     * @return the file; I/O engines are opened over it.
     */
    public DeviceFile file()
    {
        return file;
    }

    /**
     * Byte offset of a block in the file; the block spans {@code [fileOffset, fileOffset + blockSize())}.
     *
     * @param blockId block, validated by the caller.
     * @return its offset, a multiple of {@link #alignment()}.
     */
    public long fileOffset(final long blockId)
    {
        return blockId * blockSize();
    }

    /**
     * Granularity of direct I/O on the device: offsets, lengths and buffer addresses are multiples of it.
     *
     * @return the alignment in bytes.
     */
    public int alignment()
    {
        return file.alignment();
    }

    /**
     * Whether contents and generations survive a clean restart.
     *
     * @return the keep flag given at open.
     */
    public boolean keep()
    {
        return keep;
    }

    /**
     * Default number of requests in flight per I/O thread for this kind of device.
     *
     * @return the queue depth.
     */
    public abstract int defaultQueueDepth();

    /** {@inheritDoc} */
    public TierKind kind()
    {
        return kind;
    }

    /**
     * Saves the generation table (with {@code keep}) and closes the device. Idempotent. Callers close the I/O engines
     * over the device first, so every write has reached it.
     */
    public synchronized void close()
    {
        if (!markClosed())
        {
            return;
        }
        try
        {
            if (keep)
            {
                GenerationTableFile.save(tablePath, blockSize(), generations());
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("{} tier {}: generation table not saved, its blocks will be forgotten at the next start: {}",
                kind, file.path(), ex.getMessage());
        }
        finally
        {
            file.close();
        }
    }

    /** {@inheritDoc} */
    public String toString()
    {
        return getClass().getSimpleName() + "{path=" + file.path() +
            ", blockSize=" + blockSize() +
            ", blockCount=" + blockCount() +
            ", usedBlocks=" + usedBlocks() +
            ", keep=" + keep +
            ", closed=" + isClosed() +
            '}';
    }
}
