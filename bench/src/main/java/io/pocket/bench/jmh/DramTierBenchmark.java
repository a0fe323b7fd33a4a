package io.pocket.bench.jmh;

import io.pocket.dataplane.tier.BlockStatus;
import io.pocket.dataplane.tier.DramTier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.util.concurrent.TimeUnit;

/**
 * The storage server's block path without the copy: {@link DramTier} beginWrite, checkRead and free of a
 * block under a new generation (lock-free compare-and-set on the block's generation), over a 64 MiB arena
 * of 64 KiB blocks, by one thread and by four threads on disjoint blocks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DramTierBenchmark
{
    private static final int BLOCK_SIZE = 64 * 1024;
    private static final long CAPACITY = 64L << 20;
    private static final int BLOCKS = (int)(CAPACITY / BLOCK_SIZE);

    private DramTier tier;

    /** One thread's share of the blocks and its generation counter. */
    @State(Scope.Thread)
    public static class Cursor
    {
        int first;
        int count;
        int next;
        long generation;

        @Setup
        public void setUp(final ThreadParams params)
        {
            count = BLOCKS / params.getThreadCount();
            first = params.getThreadIndex() * count;
        }
    }

    @Setup
    public void setUp()
    {
        tier = new DramTier(CAPACITY, BLOCK_SIZE, true);
    }

    @TearDown
    public void tearDown()
    {
        tier.close();
    }

    @Benchmark
    public int writeReadFree(final Cursor cursor)
    {
        return cycle(cursor);
    }

    @Benchmark
    @Threads(4)
    public int writeReadFree4Threads(final Cursor cursor)
    {
        return cycle(cursor);
    }

    private int cycle(final Cursor cursor)
    {
        final long blockId = cursor.first + cursor.next;
        cursor.next = cursor.next + 1 == cursor.count ? 0 : cursor.next + 1;
        final long generation = ++cursor.generation;
        int status = tier.beginWrite(blockId, generation, 0, BLOCK_SIZE);
        if (BlockStatus.OK == status)
        {
            status = tier.checkRead(blockId, generation, 0, BLOCK_SIZE);
        }
        if (BlockStatus.OK == status)
        {
            status = tier.free(blockId, generation);
        }
        if (BlockStatus.OK != status)
        {
            throw new IllegalStateException("block " + blockId + ": " + BlockStatus.describe(status));
        }
        return status;
    }
}
