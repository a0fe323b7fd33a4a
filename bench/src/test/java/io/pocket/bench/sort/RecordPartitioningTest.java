package io.pocket.bench.sort;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RangePartitioner}: every key goes to exactly one range, ranges are ordered and all used. */
class RecordPartitioningTest
{
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 16, 17, 1000, 65535, 65536})
    void coversAllPrefixesMonotonically(final int partitions)
    {
        final RangePartitioner partitioner = new RangePartitioner(partitions);
        final int[] firstPrefix = new int[partitions];
        Arrays.fill(firstPrefix, -1);
        int previous = 0;
        for (int prefix = 0; prefix < RangePartitioner.PREFIX_RANGE; prefix++)
        {
            final int partition = partitioner.partitionOf(prefix);
            assertTrue(partition >= previous && partition <= previous + 1, "prefix " + prefix);
            if (firstPrefix[partition] < 0)
            {
                firstPrefix[partition] = prefix;
            }
            previous = partition;
        }

        assertEquals(0, partitioner.partitionOf(0));
        assertEquals(partitions - 1, partitioner.partitionOf(RangePartitioner.PREFIX_RANGE - 1));
        for (int p = 0; p < partitions; p++)
        {
            assertEquals(partitioner.lowestPrefix(p), firstPrefix[p], "partition " + p);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 16})
    void widthsDifferByAtMostOne(final int partitions)
    {
        final RangePartitioner partitioner = new RangePartitioner(partitions);
        for (int p = 0; p < partitions; p++)
        {
            final int end = p + 1 < partitions ? partitioner.lowestPrefix(p + 1) : RangePartitioner.PREFIX_RANGE;
            final int width = end - partitioner.lowestPrefix(p);
            assertTrue(Math.abs(width - RangePartitioner.PREFIX_RANGE / partitions) <= 1, "width " + width);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65537})
    void rejectsImpossibleCounts(final int partitions)
    {
        assertThrows(IllegalArgumentException.class, () -> new RangePartitioner(partitions));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x3FFF, 0x4000, 0xFFFF})
    void readsTheFirstTwoKeyBytesUnsigned(final int prefix)
    {
        final byte[] record = new byte[100];
        record[0] = (byte)(prefix >>> 8);
        record[1] = (byte)prefix;
        assertEquals(prefix, RecordFormat.SORT_BENCHMARK.partitionPrefix(record, 0));
        assertEquals(prefix * 4 / 65536, new RangePartitioner(4).partitionOf(RecordFormat.SORT_BENCHMARK, record, 0));
    }
}
