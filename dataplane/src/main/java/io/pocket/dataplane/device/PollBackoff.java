package io.pocket.dataplane.device;

import io.pocket.dataplane.io.IoEngine;

/**
 * Idle strategy of a {@link DeviceQueue}'s completion poller while requests are in flight and a poll found nothing:
 * first re-poll on the next turn of the event loop (busy polling, as SPDK does, with the loop still serving sockets
 * between polls), optionally also yield the CPU, then block in {@link IoEngine#await} for a short, bounded time so
 * that a slow device does not burn a core. Any completion resets it to busy polling.
 * <p>
 * By default there are no yielding polls: on a loaded machine {@code Thread.yield()} can hand the core away for a
 * whole scheduling slice, while {@code await} gives it away too (to the posix engine's threads or other processes)
 * but wakes as soon as a completion arrives.
 */
public final class PollBackoff
{
    /** Empty polls that re-poll at once. */
    public static final int DEFAULT_SPINS = 20;

    /** Further empty polls that yield the CPU first. */
    public static final int DEFAULT_YIELDS = 0;

    /** Longest wait in {@link IoEngine#await} after that; bounds the delay added to other connections of the loop. */
    public static final long DEFAULT_AWAIT_NANOS = 50_000;

    private final int spins;
    private final int yieldsEnd;
    private final long awaitNanos;
    private int idlePolls;

    /** The default strategy. */
    public PollBackoff()
    {
        this(DEFAULT_SPINS, DEFAULT_YIELDS, DEFAULT_AWAIT_NANOS);
    }

    /**
     * A strategy.
     *
     * @param spins      empty polls that re-poll at once.
     * @param yields     further empty polls that yield first.
     * @param awaitNanos longest blocking wait afterwards; 0 never blocks (pure busy polling).
     */
    public PollBackoff(final int spins, final int yields, final long awaitNanos)
    {
        this.spins = spins;
        this.yieldsEnd = spins + yields;
        this.awaitNanos = awaitNanos;
    }

    /** A poll found work: back to busy polling. */
    void reset()
    {
        idlePolls = 0;
    }

    /**
     * A poll found nothing although requests are in flight.
     *
     * @param engine  the engine to wait on.
     * @param handler receives completions reaped while waiting.
     * @param limit   most completions to reap.
     * @return completions reaped while idling.
     */
    int idle(final IoEngine engine, final IoEngine.CompletionHandler handler, final int limit)
    {
        final int polls = ++idlePolls;
        if (polls <= spins)
        {
            return 0;
        }
        if (polls <= yieldsEnd || 0 == awaitNanos)
        {
            Thread.yield();
            return 0;
        }
        return engine.await(handler, limit, awaitNanos);
    }
}
