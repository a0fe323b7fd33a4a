package io.pocket.bench.nvme;

import io.pocket.dataplane.io.DeviceFile;
import io.pocket.dataplane.io.IoEngine;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.dataplane.io.IoEngines;
import io.pocket.dataplane.io.IoStatus;
import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One pattern on one engine, the way fio's io_uring engine drives a device: a closed loop keeping
 * {@code queueDepth} requests in flight, each completion immediately replaced by a new request, the replacements
 * submitted in one batch, and the thread sleeping in the kernel ({@link IoEngine#await}) when nothing completed.
 * Latency is from submission to reaping; CPU time is the whole process's, over the measured window only.
 */
final class EngineRun implements IoEngine.CompletionHandler
{
    private static final long AWAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final NvmePattern pattern;
    private final IoEngine engine;
    private final long address;
    private final int blockSize;
    private final long blocksInFile;
    private final long[] startNanos;
    private final SplittableRandom random = new SplittableRandom(42);
    private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private long sequentialBlock;
    private long completed;
    private long errors;
    private int lastError;
    private boolean recording;

    private EngineRun(final NvmePattern pattern, final IoEngine engine, final long address, final long fileSize)
    {
        this.pattern = pattern;
        this.engine = engine;
        this.address = address;
        this.blockSize = pattern.blockSize();
        this.blocksInFile = fileSize / blockSize;
        this.startNanos = new long[pattern.queueDepth()];
    }

    /**
     * Run a pattern.
     *
     * @param kind     engine (resolved).
     * @param file     device file, opened with its contents kept.
     * @param pattern  the pattern.
     * @param warmup   unmeasured time first.
     * @param duration measured time.
     * @param fixed    register the buffers as io_uring fixed buffers.
     * @return the measurement.
     */
    static NvmeResult run(
        final IoEngineKind kind, final DeviceFile file, final NvmePattern pattern, final long warmup,
        final long duration, final boolean fixed)
    {
        final int qd = pattern.queueDepth();
        final int regionLength = qd * pattern.blockSize();
        final ByteBuffer region = BufferUtil.allocateDirectAligned(regionLength, 4096);
        final long address = BufferUtil.address(region);
        try (IoEngine engine = IoEngines.open(kind, file, qd, false, address, fixed ? regionLength : 0))
        {
            final EngineRun run = new EngineRun(pattern, engine, address, file.size());
            return run.loop(kind, warmup, duration);
        }
    }

    private NvmeResult loop(final IoEngineKind kind, final long warmupNanos, final long durationNanos)
    {
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        for (int slot = 0; slot < pattern.queueDepth(); slot++)
        {
            issue(slot);
        }
        check(engine.submit(), "submit");
        final long start = System.nanoTime();
        final long measureFrom = start + warmupNanos;
        final long end = measureFrom + durationNanos;
        long cpuStart = 0;
        long measuredStart = 0;
        long now = start;
        while (now < end)
        {
            if (!recording && now >= measureFrom)
            {
                recording = true;
                completed = 0;
                latency.reset();
                cpuStart = os.getProcessCpuTime();
                measuredStart = now;
            }
            if (engine.poll(this, pattern.queueDepth()) == 0)
            {
                engine.await(this, pattern.queueDepth(), AWAIT_NANOS);
            }
            now = System.nanoTime();
        }
        final long cpuNanos = os.getProcessCpuTime() - cpuStart;
        final long elapsed = System.nanoTime() - measuredStart;
        final long ios = completed;
        recording = false;
        if (errors > 0)
        {
            throw new IllegalStateException(errors + " requests failed, last: " + IoStatus.describe(lastError));
        }
        return new NvmeResult(kind == IoEngineKind.IO_URING ? "io_uring" : "posix", pattern, ios,
            elapsed / 1e9, (double)ios * blockSize, latency.getValueAtPercentile(50) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0, cpuNanos / 1e9);
    }

    @Override
    public void onComplete(final long userData, final int result)
    {
        final int slot = (int)userData;
        if (result != blockSize)
        {
            errors++;
            lastError = result;
        }
        if (recording)
        {
            latency.recordValue(Math.max(1, System.nanoTime() - startNanos[slot]));
            completed++;
        }
        issue(slot);
    }

    private void issue(final int slot)
    {
        final long block;
        if (pattern.random())
        {
            block = random.nextLong(blocksInFile);
        }
        else
        {
            block = sequentialBlock;
            sequentialBlock = sequentialBlock + 1 == blocksInFile ? 0 : sequentialBlock + 1;
        }
        final long offset = block * blockSize;
        final long buffer = address + (long)slot * blockSize;
        final int status = pattern.write() ?
            engine.prepareWrite(offset, buffer, blockSize, slot) : engine.prepareRead(offset, buffer, blockSize, slot);
        check(status, "prepare");
        startNanos[slot] = System.nanoTime();
    }

    private static void check(final int status, final String what)
    {
        if (status < 0)
        {
            throw new IllegalStateException(what + " failed: " + IoStatus.describe(status));
        }
    }
}
