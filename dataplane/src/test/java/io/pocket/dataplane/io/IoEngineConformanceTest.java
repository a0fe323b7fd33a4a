package io.pocket.dataplane.io;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract every {@link IoEngine} must meet, run once per engine by a subclass: single and batched reads and
 * writes, random operations checked against checksums, bad requests answered with a status (never a hang),
 * back-pressure when the queue is full, and a close that waits for requests in flight.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class IoEngineConformanceTest
{
    static final int QUEUE_DEPTH = 32;
    static final long FILE_SIZE = 16L << 20;
    static final int REGION_SIZE = 8 << 20;
    static final int BLOCK = 4096;

    Path path;
    DeviceFile file;
    IoTestFiles.AlignedBuffer region;
    IoEngine engine;
    final Map<Long, Integer> completions = new HashMap<>();
    final IoEngine.CompletionHandler collector = (userData, result) ->
    {
        if (completions.put(userData, result) != null)
        {
            fail("completion for " + userData + " seen twice");
        }
    };

    /** @return the engine under test. */
    abstract IoEngineKind kind();

    @BeforeEach
    void openEngine()
    {
        path = IoTestFiles.newPath(kind().label());
        file = DeviceFile.open(path, FILE_SIZE, false);
        region = new IoTestFiles.AlignedBuffer(REGION_SIZE);
        engine = IoEngines.open(kind(), file, QUEUE_DEPTH, false, region.address, REGION_SIZE);
    }

    @AfterEach
    void closeEngine()
    {
        engine.close();
        file.close();
        IoTestFiles.deleteQuietly(path);
    }

    @Test
    void reportsItsNameAndDepth()
    {
        assertEquals(kind().label(), engine.name());
        assertEquals(QUEUE_DEPTH, engine.queueDepth());
        assertEquals(0, engine.inFlight());
    }

    @Test
    void singleWriteThenReadReturnsTheSameBytes()
    {
        region.fill(0, BLOCK, 42);
        assertEquals(IoStatus.OK, engine.prepareWrite(8 * BLOCK, region.address, BLOCK, 1));
        assertEquals(1, engine.inFlight());
        assertEquals(1, engine.submit());
        awaitCompletions(1);
        assertEquals(BLOCK, completions.get(1L));
        assertEquals(0, engine.inFlight());

        assertEquals(IoStatus.OK, engine.prepareRead(8 * BLOCK, region.address + 65536, BLOCK, 2));
        assertEquals(1, engine.submit());
        awaitCompletions(2);
        assertEquals(BLOCK, completions.get(2L));
        assertEquals(region.checksum(0, BLOCK), region.checksum(65536, BLOCK));
    }

    @Test
    void unwrittenBlocksOfAResetFileReadAsZeros()
    {
        region.fill(0, BLOCK, 7);
        assertEquals(IoStatus.OK, engine.prepareRead(FILE_SIZE - BLOCK, region.address, BLOCK, 9));
        engine.submit();
        awaitCompletions(1);
        assertEquals(BLOCK, completions.get(9L));
        for (int i = 0; i < BLOCK; i += 8)
        {
            assertEquals(0L, region.view.getLong(i));
        }
    }

    @Test
    void batchUpToTheQueueDepthInOneSubmit()
    {
        final int length = 64 * 1024;
        for (int i = 0; i < QUEUE_DEPTH; i++)
        {
            region.fill(i * length, length, 100 + i);
            assertEquals(IoStatus.OK, engine.prepareWrite((long)i * length, region.address + (long)i * length,
                length, i));
        }
        assertEquals(QUEUE_DEPTH, engine.inFlight());
        assertEquals(QUEUE_DEPTH, engine.submit());
        awaitCompletions(QUEUE_DEPTH);
        final int readBase = QUEUE_DEPTH * length;
        for (int i = 0; i < QUEUE_DEPTH; i++)
        {
            assertEquals(length, completions.get((long)i));
            assertEquals(IoStatus.OK, engine.prepareRead((long)i * length,
                region.address + readBase + (long)i * length, length, 1000 + i));
        }
        assertEquals(QUEUE_DEPTH, engine.submit());
        awaitCompletions(2 * QUEUE_DEPTH);
        for (int i = 0; i < QUEUE_DEPTH; i++)
        {
            assertEquals(length, completions.get(1000L + i));
            assertEquals(region.checksum(i * length, length), region.checksum(readBase + i * length, length),
                "block " + i);
        }
    }

    @Test
    void tenThousandRandomOperationsMatchTheirChecksums()
    {
        new RandomOperations(engine, region, QUEUE_DEPTH, new SplittableRandom(3)).run(10_000);
    }

    @Test
    void buffersOutsideTheRegisteredRegionWorkToo()
    {
        final IoTestFiles.AlignedBuffer other = new IoTestFiles.AlignedBuffer(2 * BLOCK);
        other.fill(0, BLOCK, 5);
        assertEquals(IoStatus.OK, engine.prepareWrite(0, other.address, BLOCK, 1));
        engine.submit();
        awaitCompletions(1);
        assertEquals(IoStatus.OK, engine.prepareRead(0, other.address + BLOCK, BLOCK, 2));
        engine.submit();
        awaitCompletions(2);
        assertEquals(BLOCK, completions.get(2L));
        assertEquals(other.checksum(0, BLOCK), other.checksum(BLOCK, BLOCK));
    }

    @Test
    void misalignedRequestsAreRefused()
    {
        assertEquals(IoStatus.MISALIGNED, engine.prepareRead(100, region.address, BLOCK, 1));
        assertEquals(IoStatus.MISALIGNED, engine.prepareRead(0, region.address + 1, BLOCK, 1));
        assertEquals(IoStatus.MISALIGNED, engine.prepareWrite(0, region.address, 1000, 1));
        assertEquals(IoStatus.MISALIGNED, engine.prepareWrite(0, region.address, 0, 1));
        assertEquals(IoStatus.MISALIGNED, engine.prepareWrite(0, region.address, -BLOCK, 1));
        assertEquals(0, engine.inFlight());
        assertEquals(0, engine.submit());
        singleWriteThenReadReturnsTheSameBytes();
    }

    @Test
    void outOfRangeRequestsAreRefused()
    {
        assertEquals(IoStatus.OUT_OF_RANGE, engine.prepareRead(FILE_SIZE, region.address, BLOCK, 1));
        assertEquals(IoStatus.OUT_OF_RANGE, engine.prepareRead(FILE_SIZE - BLOCK, region.address, 2 * BLOCK, 1));
        assertEquals(IoStatus.OUT_OF_RANGE, engine.prepareWrite(-BLOCK, region.address, BLOCK, 1));
        assertEquals(IoStatus.OUT_OF_RANGE, engine.prepareWrite(Long.MAX_VALUE & ~(BLOCK - 1L), region.address,
            BLOCK, 1));
        assertEquals(0, engine.inFlight());
        assertEquals(IoStatus.OK, engine.prepareWrite(FILE_SIZE - BLOCK, region.address, BLOCK, 2));
        engine.submit();
        awaitCompletions(1);
        assertEquals(BLOCK, completions.get(2L));
    }

    @Test
    void aFullQueueAsksTheCallerToReapFirst()
    {
        for (int i = 0; i < QUEUE_DEPTH; i++)
        {
            assertEquals(IoStatus.OK, engine.prepareRead((long)i * BLOCK, region.address + (long)i * BLOCK, BLOCK,
                i));
        }
        assertEquals(IoStatus.QUEUE_FULL, engine.prepareRead(0, region.address, BLOCK, 99));
        assertEquals(QUEUE_DEPTH, engine.submit());
        assertEquals(IoStatus.QUEUE_FULL, engine.prepareWrite(0, region.address, BLOCK, 99));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.await(collector, 1, TimeUnit.MILLISECONDS.toNanos(100)) == 0)
        {
            assertTrue(System.nanoTime() < deadline, "no completion within 10 s");
        }
        assertEquals(IoStatus.OK, engine.prepareRead(0, region.address + REGION_SIZE - BLOCK, BLOCK, 99));
        engine.submit();
        awaitCompletions(QUEUE_DEPTH + 1);
    }

    @Test
    void closeWaitsForRequestsInFlight()
    {
        final int length = 64 * 1024;
        for (int i = 0; i < QUEUE_DEPTH - 1; i++)
        {
            assertEquals(IoStatus.OK, engine.prepareRead((long)i * length, region.address + (long)i * length,
                length, i));
        }
        assertEquals(QUEUE_DEPTH - 1, engine.submit());
        assertEquals(IoStatus.OK, engine.prepareRead(0, region.address + REGION_SIZE - BLOCK, BLOCK, 500));
        assertEquals(QUEUE_DEPTH, engine.inFlight());
        engine.close();
        assertEquals(0, engine.inFlight());
        assertEquals(IoStatus.CLOSED, engine.prepareRead(0, region.address, BLOCK, 1));
        assertEquals(IoStatus.CLOSED, engine.prepareWrite(0, region.address, BLOCK, 1));
        assertEquals(IoStatus.CLOSED, engine.submit());
        engine.close();
    }

    @Test
    void awaitWithNothingInFlightReturnsAfterTheTimeout()
    {
        final long start = System.nanoTime();
        assertEquals(0, engine.await(collector, 8, TimeUnit.MILLISECONDS.toNanos(20)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    void awaitCompletions(final int total)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (completions.size() < total)
        {
            engine.await(collector, 64, TimeUnit.MILLISECONDS.toNanos(100));
            if (System.nanoTime() > deadline)
            {
                fail("only " + completions.size() + " of " + total + " completions within 10 s");
            }
        }
    }
}
