package io.pocket.dataplane.tier;

import io.pocket.dataplane.io.DeviceFile;
import io.pocket.protocol.TierKind;

import java.nio.file.Path;

/**
 * NVMe flash tier: a {@link DeviceTier} on a file or block device, served with deep queues (32 requests in flight per
 * I/O thread by default), as flash delivers its throughput only with many requests outstanding.
 */
public final class NvmeTier extends DeviceTier
{
    /** Requests in flight per I/O thread unless configured otherwise. */
    public static final int DEFAULT_QUEUE_DEPTH = 32;

    private NvmeTier(final DeviceFile file, final long size, final int blockSize, final boolean keep)
    {
        super(TierKind.NVME, file, size, blockSize, keep);
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
    public static NvmeTier open(final Path path, final long size, final int blockSize, final boolean keep)
    {
        return new NvmeTier(DeviceFile.open(path, wholeBlocks(size, blockSize), keep), size, blockSize, keep);
    }

    /** {@inheritDoc} */
    public int defaultQueueDepth()
    {
        return DEFAULT_QUEUE_DEPTH;
    }
}
