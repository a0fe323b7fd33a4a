package io.pocket.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Shared stop signal of one run or cell: the first failure of any client or deleter thread stops every
 * other thread after its current operation and is what the run reports.
 */
public final class RunControl
{
    private static final long OFFER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;

    /** Stops the run; only the first failure is kept. */
    public void fail(final Throwable cause)
    {
        failure.compareAndSet(null, cause);
        stopped = true;
    }

    /** Stops the run without a failure. */
    public void stop()
    {
        stopped = true;
    }

    public boolean isStopped()
    {
        return stopped;
    }

    /** The first failure, or null. */
    public Throwable failure()
    {
        return failure.get();
    }

    /**
     * Queues {@code item}, waiting while {@code queue} is full.
     *
     * @return false, queuing nothing, if the run stopped meanwhile
     */
    public <T> boolean offer(final BlockingQueue<T> queue, final T item) throws InterruptedException
    {
        while (!stopped)
        {
            if (queue.offer(item, OFFER_POLL_NANOS, TimeUnit.NANOSECONDS))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Throws the first failure, if any: a {@link RuntimeException} (such as a typed
     * {@code PocketException}) or {@link Error} as it was, anything else wrapped.
     */
    void rethrowFailure()
    {
        final Throwable cause = failure.get();
        if (cause instanceof RuntimeException runtime)
        {
            throw runtime;
        }
        if (cause instanceof Error error)
        {
            throw error;
        }
        if (cause != null)
        {
            throw new IllegalStateException("bench thread failed: " + cause, cause);
        }
    }
}
