package io.pocket.bench.sort;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordSorterTest
{
    private static final RecordFormat FORMAT = RecordFormat.SORT_BENCHMARK;

    @Test
    void sortsLikeAFullComparisonSort()
    {
        final int count = 20_000;
        final byte[] data = new byte[count * FORMAT.recordSize()];
        new RecordGenerator(FORMAT, 11, 0).fill(data, 0, count);

        assertArrayEquals(referenceOrder(data, count), RecordSorter.sortedOrder(FORMAT, data, count));
    }

    @Test
    void breaksTiesOnLongCommonPrefixesByTheRestOfTheRecord()
    {
        final int count = 5_000;
        final byte[] data = new byte[count * FORMAT.recordSize()];
        final SplittableRandom random = new SplittableRandom(5);
        for (int r = 0; r < count; r++)
        {
            final int offset = r * FORMAT.recordSize();
            Arrays.fill(data, offset, offset + 9, (byte)(random.nextInt(3) * 0x7F));
            for (int i = 9; i < FORMAT.recordSize(); i++)
            {
                data[offset + i] = (byte)random.nextInt(4);
            }
        }

        assertArrayEquals(referenceOrder(data, count), RecordSorter.sortedOrder(FORMAT, data, count));
    }

    @Test
    void handlesEmptyAndSingleInputs()
    {
        assertEquals(0, RecordSorter.sortedOrder(FORMAT, new byte[0], 0).length);
        assertArrayEquals(new int[]{0}, RecordSorter.sortedOrder(FORMAT, new byte[100], 1));
    }

    @Test
    void sortsOneReducersShareQuickly()
    {
        final int count = 671_089; // 1 GiB / 16 reducers / 100 bytes
        final byte[] data = new byte[count * FORMAT.recordSize()];
        new RecordGenerator(FORMAT, 12, 0).fill(data, 0, count);

        final long start = System.nanoTime();
        final int[] order = RecordSorter.sortedOrder(FORMAT, data, count);
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sorted %,d records in %.3f s%n", count, seconds);

        for (int i = 1; i < count; i++)
        {
            assertTrue(FORMAT.compare(data, order[i - 1] * 100, data, order[i] * 100) < 0, "at " + i);
        }
        assertTrue(seconds < 5, "sort too slow: " + seconds + " s");
    }

    private static int[] referenceOrder(final byte[] data, final int count)
    {
        return IntStream.range(0, count).boxed()
            .sorted((a, b) -> FORMAT.compare(data, a * FORMAT.recordSize(), data, b * FORMAT.recordSize()))
            .mapToInt(Integer::intValue)
            .toArray();
    }
}
