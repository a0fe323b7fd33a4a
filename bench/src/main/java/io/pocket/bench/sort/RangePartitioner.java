package io.pocket.bench.sort;

/**
 * Uniform range partitioning on the first two key bytes read as an unsigned number: prefix space
 * [0, 65536) is cut into {@code partitions} contiguous ranges of (nearly) equal width, so partition
 * {@code j} holds only keys below those of partition {@code j + 1}.
 */
public final class RangePartitioner
{
    /** Number of distinct partitioning prefixes (two bytes). */
    public static final int PREFIX_RANGE = 1 << 16;

    private final int partitions;

    public RangePartitioner(final int partitions)
    {
        if (partitions < 1 || partitions > PREFIX_RANGE)
        {
            throw new IllegalArgumentException("partitions must be in [1, " + PREFIX_RANGE + "]: " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitions()
    {
        return partitions;
    }

    /** The partition of a two-byte prefix in [0, 65535]; monotone non-decreasing in the prefix. */
    public int partitionOf(final int prefix)
    {
        return (int)(((long)prefix * partitions) >>> 16);
    }

    /** The partition of the record at {@code offset}. */
    public int partitionOf(final RecordFormat format, final byte[] data, final int offset)
    {
        return partitionOf(format.partitionPrefix(data, offset));
    }

    /** The smallest prefix mapped to {@code partition}. */
    public int lowestPrefix(final int partition)
    {
        return (int)(((long)partition * PREFIX_RANGE + partitions - 1) / partitions);
    }
}
