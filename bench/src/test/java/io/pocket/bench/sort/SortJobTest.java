package io.pocket.bench.sort;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SortJobTest
{
    private static final long EIGHT_MIB = 8L << 20;
    private static final SortJob.Config SMALL = SortJob.Config.of(EIGHT_MIB, 4, 4);

    @Test
    void sortsAndVerifiesEightMiB()
    {
        final InMemoryShuffleStore store = new InMemoryShuffleStore();
        final SortResult result = new SortJob(SMALL).run(store, ProgressListener.NONE);
        System.out.println(result.report());

        assertTrue(result.ok(), result::report);
        assertEquals(EIGHT_MIB / 100, result.records());
        assertEquals(result.records(), result.outputRecords());
        assertEquals(result.records() * 100, result.bytes());
        assertEquals(result.bytes(), result.shuffleBytesWritten());
        assertEquals(result.bytes(), result.shuffleBytesRead());
        assertEquals(2 * result.bytes(), result.shuffleBytes());
        assertTrue(result.checksumsMatch());
        assertTrue(result.sorted());
        assertTrue(result.problems().isEmpty());
        assertEquals(0, store.size(), "every partition read once and deleted");
        assertTrue(result.report().contains("result: OK"));
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData()
    {
        final SortJob.Config config = SortJob.Config.of(1 << 20, 3, 5);
        final SortResult first = new SortJob(config).run(new InMemoryShuffleStore());
        final SortResult second = new SortJob(config).run(new InMemoryShuffleStore());
        final SortResult reseeded = new SortJob(new SortJob.Config(
            config.totalBytes(), 3, 5, config.recordSize(), config.keySize(), config.seed() + 1))
            .run(new InMemoryShuffleStore());

        assertTrue(first.ok() && second.ok() && reseeded.ok());
        assertEquals(first.inputChecksum(), second.inputChecksum());
        assertNotEquals(first.inputChecksum(), reseeded.inputChecksum());
    }

    @Test
    void flippedValueByteFailsChecksum()
    {
        final SortResult result = new SortJob(SMALL).run(corrupting("m1-r2", 57));

        assertFalse(result.ok());
        assertFalse(result.checksumsMatch());
        assertEquals(result.records(), result.outputRecords());
        assertTrue(result.problems().stream().anyMatch((p) -> p.contains("checksum")), result::report);
    }

    @Test
    void flippedKeyByteFailsVerification()
    {
        final SortResult result = new SortJob(SMALL).run(corrupting("m3-r0", 100 * 7));

        assertFalse(result.ok());
        assertFalse(result.checksumsMatch());
        assertFalse(result.sorted(), "a record moved out of its reducer's key range");
        assertTrue(result.report().contains("result: FAILED"));
    }

    @Test
    void partitionReturnedEmptyFailsCount()
    {
        final InMemoryShuffleStore store = new InMemoryShuffleStore()
        {
            @Override
            public ByteBuffer getAndDelete(final String key)
            {
                final ByteBuffer data = super.getAndDelete(key);
                return "m2-r1".equals(key) ? ByteBuffer.allocate(0) : data;
            }
        };
        final SortResult result = new SortJob(SMALL).run(store);

        assertFalse(result.ok());
        assertTrue(result.outputRecords() < result.records());
        assertTrue(result.problems().stream().anyMatch((p) -> p.contains("records")), result::report);
    }

    @Test
    void lostPartitionFailsTheJobNamingIt()
    {
        final InMemoryShuffleStore store = new InMemoryShuffleStore()
        {
            @Override
            public void put(final String key, final ByteBuffer data)
            {
                if (!"m1-r2".equals(key))
                {
                    super.put(key, data);
                }
            }
        };
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> new SortJob(SMALL).run(store));

        assertTrue(ex.getMessage().contains("reducer 2 failed"), ex.getMessage());
        assertTrue(ex.getMessage().contains("m1-r2"), ex.getMessage());
    }

    @Test
    void reportsProgressOfBothPhasesToCompletion()
    {
        final Map<String, Long> totals = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
        final ProgressListener listener = (phase, done, total) ->
        {
            assertTrue(done >= 0 && done <= total, phase + " " + done + "/" + total);
            totals.put(phase, total);
            if (done == total)
            {
                completions.computeIfAbsent(phase, (p) -> new AtomicInteger()).incrementAndGet();
            }
        };
        final SortResult result = new SortJob(SMALL).run(new InMemoryShuffleStore(), listener);

        assertTrue(result.ok());
        assertEquals(List.of("map", "reduce"), totals.keySet().stream().sorted().toList());
        assertEquals(2 * result.bytes(), totals.get("map"));
        assertEquals(2 * result.shuffleBytesWritten(), totals.get("reduce"));
        assertEquals(1, completions.get("map").get());
        assertEquals(1, completions.get("reduce").get());
    }

    @Test
    void configDefaultsAndValidation()
    {
        final SortJob.Config defaults = SortJob.Config.defaults();
        assertEquals(1L << 30, defaults.totalBytes());
        assertEquals(16, defaults.mappers());
        assertEquals(16, defaults.reducers());
        assertEquals(100, defaults.recordSize());
        assertEquals(10, defaults.keySize());
        assertEquals((1L << 30) / 100, defaults.records());
        long sum = 0;
        for (int m = 0; m < defaults.mappers(); m++)
        {
            sum += defaults.recordsOfMapper(m);
        }
        assertEquals(defaults.records(), sum);

        assertThrows(IllegalArgumentException.class, () -> SortJob.Config.of(EIGHT_MIB, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> SortJob.Config.of(EIGHT_MIB, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> SortJob.Config.of(50, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> SortJob.Config.of(4L << 30, 2, 16));
        assertThrows(IllegalArgumentException.class, () -> new SortJob.Config(EIGHT_MIB, 4, 4, 12, 10, 1));
    }

    private static InMemoryShuffleStore corrupting(final String key, final int byteIndex)
    {
        return new InMemoryShuffleStore()
        {
            @Override
            public ByteBuffer getAndDelete(final String k)
            {
                final ByteBuffer data = super.getAndDelete(k);
                if (key.equals(k))
                {
                    data.put(byteIndex, (byte)(data.get(byteIndex) ^ 0x80));
                }
                return data;
            }
        };
    }
}
