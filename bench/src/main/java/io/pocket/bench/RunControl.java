package io.pocket.bench;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Shared stop signal of one run: the first failure of any client or deleter thread stops every
 * other thread after its current operation and is what the run reports.
 */
final class RunControl
{
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;

    /** Stops the run; only the first failure is kept. */
    void fail(final Throwable cause)
    {
        failure.compareAndSet(null, cause);
        stopped = true;
    }

    /** Stops the run without a failure. */
    void stop()
    {
        stopped = true;
    }

    boolean isStopped()
    {
        return stopped;
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
