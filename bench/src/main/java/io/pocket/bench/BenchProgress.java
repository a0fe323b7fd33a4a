package io.pocket.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Prints a run's progress once per second, on stderr in the command line:
 * {@code [bench] warmup 1s ops=4000 ops/s=4000} during the warm-up, then
 * {@code [bench] 3s ops=12345 ops/s=4100} with the seconds and operations of measured time and the
 * rate of the last second.
 */
final class BenchProgress
{
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintWriter out;
    private final List<ClientLoop> clients;
    private final RunWindow window;
    private final long baseline;
    private long lastNanos;
    private long lastCompleted;
    private long nextDueNanos;

    BenchProgress(final PrintWriter out, final List<ClientLoop> clients, final RunWindow window)
    {
        this.out = Objects.requireNonNull(out, "out");
        this.clients = List.copyOf(clients);
        this.window = Objects.requireNonNull(window, "window");
        this.lastNanos = window.startNanos();
        this.baseline = completed();
        this.lastCompleted = baseline;
        this.nextDueNanos = dueAfter(window.startNanos());
    }

    /**
     * When the next report is due, on the nanoTime clock: every second of the warm-up, then every
     * second of the measured time counted from its start.
     */
    long nextDueNanos()
    {
        return nextDueNanos;
    }

    /** Prints one report for the time {@code nowNanos}. */
    void report(final long nowNanos)
    {
        final long completed = completed();
        long measured = 0;
        for (int i = 0; i < clients.size(); i++)
        {
            measured += clients.get(i).measured();
        }
        final long elapsed = Math.max(1, nowNanos - lastNanos);
        final long rate = Math.round((completed - lastCompleted) * 1e9 / elapsed);
        lastNanos = nowNanos;
        lastCompleted = completed;
        do
        {
            nextDueNanos = dueAfter(nextDueNanos);
        }
        while (nextDueNanos <= nowNanos);

        if (nowNanos < window.measureStartNanos())
        {
            out.println(line("warmup ", seconds(nowNanos - window.startNanos()), completed - baseline, rate));
        }
        else
        {
            out.println(line("", seconds(nowNanos - window.measureStartNanos()), measured, rate));
        }
        out.flush();
    }

    private long dueAfter(final long dueNanos)
    {
        final long next = dueNanos + INTERVAL_NANOS;
        return dueNanos < window.measureStartNanos() && next >= window.measureStartNanos() ?
            window.measureStartNanos() + INTERVAL_NANOS : next;
    }

    private long completed()
    {
        long completed = 0;
        for (int i = 0; i < clients.size(); i++)
        {
            completed += clients.get(i).completed();
        }
        return completed;
    }

    /** One progress line, e.g. {@code [bench] 3s ops=12345 ops/s=4100}. */
    static String line(final String phase, final long seconds, final long ops, final long opsPerSecond)
    {
        return String.format(Locale.ROOT, "[bench] %s%ds ops=%d ops/s=%d", phase, seconds, ops, opsPerSecond);
    }

    private static long seconds(final long nanos)
    {
        return Math.round(nanos / 1e9);
    }
}
