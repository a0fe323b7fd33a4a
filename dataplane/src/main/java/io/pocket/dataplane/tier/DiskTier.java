package io.pocket.dataplane.tier;

import io.pocket.dataplane.io.DeviceFile;
import io.pocket.protocol.TierKind;

import java.nio.file.Path;

/**
 * SSD or HDD tier: a {@link DeviceTier} served by the same engines as {@link NvmeTier}, with a shallower queue by
 * default (8 requests in flight per I/O thread): a disk gains little from deep queues and a short queue keeps its
 * latency bounded. The metadata server hands out this tier's blocks in sequential order for writes.
 */
public final class DiskTier extends DeviceTier
{
    /** Requests in flight per I/O thread unless configured otherwise. */
    public static final int DEFAULT_QUEUE_DEPTH = 8;

    private DiskTier(final DeviceFile file, final long size, final int blockSize, final boolean keep)
    {
        super(TierKind.DISK, file, size, blockSize, keep);
    }

    /**
     * Open (creating and sizing if missing) the device and its generation table.
     *
     * @param path      file or block device; on a file system that supports O_DIRECT.
     * @param size      bytes to use; rounded down to whole blocks.
     * @param blockSize block size, a multiple of the device alignment.
     * @param keep      keep contents and generations of the last clean stop instead of starting empty.
     * @return the tier.
     * @throws io.pocket.client.InvalidArgumentException if the device cannot be used (e.g. tmpfs: no O_DIRECT).
     */
    public static DiskTier open(final Path path, final long size, final int blockSize, final boolean keep)
    {
        return new DiskTier(DeviceFile.open(path, wholeBlocks(size, blockSize), keep), size, blockSize, keep);
    }

    /** {@inheritDoc} */
    public int defaultQueueDepth()
    {
        return DEFAULT_QUEUE_DEPTH;
    }
}
