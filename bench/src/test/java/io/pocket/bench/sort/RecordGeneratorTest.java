package io.pocket.bench.sort;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordGeneratorTest
{
    private static final RecordFormat FORMAT = RecordFormat.SORT_BENCHMARK;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    @Test
    void sameSeedAndMapperGiveSameRecordsHoweverBatched()
    {
        final byte[] whole = generate(7, 3, 1000);
        final byte[] batched = new byte[whole.length];
        final RecordGenerator generator = new RecordGenerator(FORMAT, 7, 3);
        int offset = 0;
        for (final int count : new int[]{1, 333, 17, 649})
        {
            offset += generator.fill(batched, offset, count);
        }

        assertEquals(whole.length, offset);
        assertArrayEquals(whole, batched);
        assertArrayEquals(whole, generate(7, 3, 1000));
        assertEquals(1000, generator.generated());
    }

    @Test
    void otherSeedOrMapperGivesOtherRecords()
    {
        final byte[] records = generate(7, 3, 100);
        assertFalse(Arrays.equals(records, generate(8, 3, 100)));
        assertFalse(Arrays.equals(records, generate(7, 4, 100)));
    }

    @Test
    void recordIdsFollowTheKey()
    {
        final byte[] records = generate(1, 5, 10);
        for (int r = 0; r < 10; r++)
        {
            assertEquals((5L << 40) | r, (long)LONG_BE.get(records, r * FORMAT.recordSize() + FORMAT.keySize()));
        }
    }

    @Test
    void keysSpreadEvenlyOverPartitions()
    {
        final int count = 160_000;
        final byte[] records = generate(42, 0, count);
        final RangePartitioner partitioner = new RangePartitioner(16);
        final int[] perPartition = new int[16];
        for (int r = 0; r < count; r++)
        {
            perPartition[partitioner.partitionOf(FORMAT, records, r * FORMAT.recordSize())]++;
        }
        for (final int n : perPartition)
        {
            assertTrue(Math.abs(n - count / 16) < count / 16 / 10, Arrays.toString(perPartition));
        }
    }

    @Test
    void hashSeesEveryByte()
    {
        final byte[] record = generate(3, 0, 1);
        final long hash = FORMAT.hash(record, 0);
        for (int i = 0; i < record.length; i++)
        {
            record[i] ^= 1;
            assertNotEquals(hash, FORMAT.hash(record, 0), "byte " + i);
            record[i] ^= 1;
        }
        assertEquals(hash, FORMAT.hash(record, 0));
    }

    @Test
    void generatesSixtyFourMiBQuickly()
    {
        final int count = (64 << 20) / FORMAT.recordSize();
        final byte[] batch = new byte[10_000 * FORMAT.recordSize()];
        final RecordGenerator generator = new RecordGenerator(FORMAT, 9, 0);
        final long start = System.nanoTime();
        long checksum = 0;
        for (int done = 0; done < count; done += 10_000)
        {
            final int n = Math.min(10_000, count - done);
            generator.fill(batch, 0, n);
            for (int r = 0; r < n; r++)
            {
                checksum += FORMAT.hash(batch, r * FORMAT.recordSize());
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("generated and hashed 64 MiB in %.3f s (checksum %x)%n", seconds, checksum);
        assertTrue(seconds < 10, "generation too slow: " + seconds + " s");
    }

    private static byte[] generate(final long seed, final int mapper, final int count)
    {
        final byte[] records = new byte[count * FORMAT.recordSize()];
        new RecordGenerator(FORMAT, seed, mapper).fill(records, 0, count);
        return records;
    }
}
