package io.pocket.bench;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The once-a-second progress lines on stderr. */
class BenchProgressTest
{
    @Test
    void measuredLine()
    {
        assertEquals("[bench] 3s ops=12345 ops/s=4100", BenchProgress.line("", 3, 12345, 4100));
    }

    @Test
    void warmupLine()
    {
        assertEquals("[bench] warmup 1s ops=4000 ops/s=4000", BenchProgress.line("warmup ", 1, 4000, 4000));
    }

    @Test
    void runWindowSplitsWarmupAndMeasurement()
    {
        final RunWindow window = RunWindow.startingAt(100, 2_000, 10_000);

        assertEquals(2_100, window.measureStartNanos());
        assertEquals(12_100, window.endNanos());
        assertEquals(10_000, window.measuredNanos());
    }

    @Test
    void reportsEverySecondOfWarmupThenEverySecondOfMeasuredTime()
    {
        final long second = BenchProgress.INTERVAL_NANOS;
        final StringWriter text = new StringWriter();
        final RunWindow window = RunWindow.startingAt(1000, 2 * second + second / 2, 3 * second);
        final BenchProgress progress = new BenchProgress(new PrintWriter(text), List.of(), window);

        assertEquals(1000 + second, progress.nextDueNanos());
        progress.report(progress.nextDueNanos());
        assertEquals(1000 + 2 * second, progress.nextDueNanos());
        progress.report(progress.nextDueNanos());
        assertEquals(window.measureStartNanos() + second, progress.nextDueNanos());
        progress.report(progress.nextDueNanos());
        assertEquals(window.measureStartNanos() + 2 * second, progress.nextDueNanos());
        progress.report(progress.nextDueNanos() + 5 * second);
        assertEquals(window.measureStartNanos() + 8 * second, progress.nextDueNanos());

        assertEquals(List.of("[bench] warmup 1s ops=0 ops/s=0", "[bench] warmup 2s ops=0 ops/s=0",
            "[bench] 1s ops=0 ops/s=0", "[bench] 7s ops=0 ops/s=0"), text.toString().lines().toList());
    }

    @Test
    void withoutWarmupTheFirstReportIsAfterOneMeasuredSecond()
    {
        final RunWindow window = RunWindow.startingAt(0, 0, 10 * BenchProgress.INTERVAL_NANOS);
        final BenchProgress progress = new BenchProgress(new PrintWriter(new StringWriter()), List.of(), window);

        assertEquals(BenchProgress.INTERVAL_NANOS, progress.nextDueNanos());
    }
}
