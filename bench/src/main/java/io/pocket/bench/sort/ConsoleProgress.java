package io.pocket.bench.sort;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints sort progress as {@code map     42% [========            ]   3.1 s}, at most four times a
 * second. On a terminal one line per phase is rewritten in place with carriage returns; otherwise
 * (logs, pipes) a plain line is printed about every 10%.
 */
public final class ConsoleProgress implements ProgressListener
{
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final int BAR_WIDTH = 20;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoClock;

    private String phase;
    private long phaseStartNanos;
    private long lastPrintNanos;
    private int lastPrintedStep;
    private boolean phaseFinished;

    /** Prints to standard error, rewriting the line when a console is attached. */
    public ConsoleProgress()
    {
        this(System.err, System.console() != null, System::nanoTime);
    }

    public ConsoleProgress(final PrintStream out, final boolean terminal, final LongSupplier nanoClock)
    {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public synchronized void onProgress(final String phase, final long done, final long total)
    {
        final long now = nanoClock.getAsLong();
        if (!phase.equals(this.phase))
        {
            if (terminal && this.phase != null && !phaseFinished)
            {
                out.println();
            }
            this.phase = phase;
            phaseStartNanos = now;
            lastPrintNanos = now - MIN_INTERVAL_NANOS;
            lastPrintedStep = -1;
            phaseFinished = false;
        }
        if (phaseFinished)
        {
            return;
        }

        final int percent = total <= 0 ? 100 : (int)Math.min(100, Math.max(0, done * 100 / total));
        final boolean finished = done >= total;
        final boolean due = now - lastPrintNanos >= MIN_INTERVAL_NANOS;
        final boolean print = finished || (due && (terminal || percent / 10 > lastPrintedStep));
        if (!print)
        {
            return;
        }

        lastPrintNanos = now;
        lastPrintedStep = percent / 10;
        phaseFinished = finished;
        final String line = line(phase, percent, (now - phaseStartNanos) / 1e9);
        if (terminal)
        {
            out.print('\r' + line);
            if (finished)
            {
                out.println();
            }
        }
        else
        {
            out.println(line);
        }
        out.flush();
    }

    static String line(final String phase, final int percent, final double seconds)
    {
        final int filled = percent * BAR_WIDTH / 100;
        final String bar = "=".repeat(filled) + " ".repeat(BAR_WIDTH - filled);
        return String.format(Locale.ROOT, "%-7s %3d%% [%s] %6.1f s", phase, percent, bar, seconds);
    }
}
