package io.pocket.bench.sort;

import java.util.Arrays;

/**
 * Sorts fixed-size records held in one byte array without moving them. Each record becomes one long:
 * its first bytes in the high bits and its index in the low bits; a primitive sort of those longs
 * orders almost all records, and the rare runs with equal high bits are finished with a full
 * record comparison.
 */
final class RecordSorter
{
    private RecordSorter()
    {
    }

    /**
     * @return the record indices in ascending record order
     */
    static int[] sortedOrder(final RecordFormat format, final byte[] data, final int count)
    {
        final int recordSize = format.recordSize();
        final int indexBits = count <= 1 ? 0 : Integer.SIZE - Integer.numberOfLeadingZeros(count - 1);
        final long indexMask = (1L << indexBits) - 1;

        final long[] packed = new long[count];
        for (int i = 0, offset = 0; i < count; i++, offset += recordSize)
        {
            final long high = (format.sortPrefix(data, offset) >>> indexBits) << indexBits;
            packed[i] = (high | i) ^ Long.MIN_VALUE; // signed order of the flipped value = unsigned order
        }
        Arrays.sort(packed);

        final int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = (int)((packed[i] ^ Long.MIN_VALUE) & indexMask);
        }

        int runStart = 0;
        for (int i = 1; i <= count; i++)
        {
            if (i == count || highBits(packed[i], indexBits) != highBits(packed[runStart], indexBits))
            {
                if (i - runStart > 1)
                {
                    sortRun(format, data, order, runStart, i);
                }
                runStart = i;
            }
        }
        return order;
    }

    private static long highBits(final long packedValue, final int indexBits)
    {
        return (packedValue ^ Long.MIN_VALUE) >>> indexBits;
    }

    private static void sortRun(
        final RecordFormat format, final byte[] data, final int[] order, final int from, final int to)
    {
        final int recordSize = format.recordSize();
        final Integer[] run = new Integer[to - from];
        for (int i = from; i < to; i++)
        {
            run[i - from] = order[i];
        }
        Arrays.sort(run, (a, b) -> format.compare(data, a * recordSize, data, b * recordSize));
        for (int i = from; i < to; i++)
        {
            order[i] = run[i - from];
        }
    }
}
