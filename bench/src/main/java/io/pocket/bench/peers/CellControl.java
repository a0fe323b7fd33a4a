package io.pocket.bench.peers;

import java.util.concurrent.atomic.AtomicReference;

/** Stop signal of one cell: the first failure of any client or deleter thread stops the others. */
final class CellControl
{
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;

    void fail(final Throwable cause)
    {
        failure.compareAndSet(null, cause);
        stopped = true;
    }

    void stop()
    {
        stopped = true;
    }

    boolean isStopped()
    {
        return stopped;
    }

    /** The first failure, or null. */
    Throwable failure()
    {
        return failure.get();
    }
}
