package io.pocket.bench.sort;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Sums the units of work that a phase's tasks report and passes the running total to a
 * {@link ProgressListener}, reporting {@code done == total} exactly once (at the latest from
 * {@link #finish()}, even if the tasks' units fell short of the estimate).
 */
final class PhaseProgress implements LongConsumer
{
    private final String phase;
    private final long total;
    private final ProgressListener listener;
    private final AtomicLong done = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();

    PhaseProgress(final String phase, final long total, final ProgressListener listener)
    {
        this.phase = phase;
        this.total = total;
        this.listener = listener;
        listener.onProgress(phase, 0, total);
    }

    @Override
    public void accept(final long units)
    {
        final long now = done.addAndGet(units);
        if (now < total)
        {
            if (finished.get())
            {
                return;
            }
            listener.onProgress(phase, now, total);
        }
        else
        {
            finish();
        }
    }

    /** Reports the phase complete unless that was already reported. */
    void finish()
    {
        if (finished.compareAndSet(false, true))
        {
            listener.onProgress(phase, total, total);
        }
    }
}
