package io.pocket.bench.jmh;

import io.pocket.controlplane.metadata.core.BlockAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The metadata server's per-block bookkeeping: {@link BlockAllocator} allocate and free of one block,
 * and of a batch of 64 (a 4 MiB object in 64 KiB blocks), on a server of 16384 blocks (1 GiB).
 * Scores are per block.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockAllocatorBenchmark
{
    private static final int BLOCKS = 16384;
    private static final int BATCH = 64;

    private final long[] batch = new long[BATCH];
    private BlockAllocator allocator;

    @Setup
    public void setUp()
    {
        allocator = new BlockAllocator(1, 0, 64 * 1024, 0L, BLOCKS, false);
        for (int i = 0; i < BLOCKS / 2; i++)
        {
            allocator.allocate();
        }
    }

    @Benchmark
    public long allocateFree()
    {
        final long blockId = allocator.allocate();
        allocator.free(blockId);
        return blockId;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long allocateFreeBatch()
    {
        long sum = 0;
        for (int i = 0; i < BATCH; i++)
        {
            batch[i] = allocator.allocate();
        }
        for (int i = 0; i < BATCH; i++)
        {
            allocator.free(batch[i]);
            sum += batch[i];
        }
        return sum;
    }
}
