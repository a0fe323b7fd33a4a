package io.pocket.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a thread that waits for an answer poll its socket for a short while before it sleeps in
 * the kernel. On a virtual machine, waking a thread whose CPU has gone idle costs tens of
 * microseconds, often more than the round trip itself; a thread still polling when the answer
 * arrives skips that. Polling burns the CPU it runs on, which pays only while other CPUs are
 * free to run the servers and other callers, so a thread polls only while at most
 * {@code maxCalls} threads have calls in flight (a thread holding one or more borrowed
 * connections is one call; 0: however many), and at most {@code maxPollers} threads poll at once;
 * the others sleep at once. Safe for many threads.
 */
final class BusyPoll
{
    /** Never polls. */
    static final BusyPoll OFF = new BusyPoll(0, 0, 0);

    private final long pollNs;
    private final int maxPollers;
    private final int maxCalls;
    private final AtomicInteger pollers = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final ThreadLocal<AtomicInteger> connectionsHeld = ThreadLocal.withInitial(AtomicInteger::new);

    /**
     * @param pollMicros how long one wait may poll (0: never)
     * @param maxPollers most threads polling at once
     * @param maxCalls   polls only while at most this many calls are in flight (0: no limit)
     */
    BusyPoll(final int pollMicros, final int maxPollers, final int maxCalls)
    {
        this.pollNs = TimeUnit.MICROSECONDS.toNanos(pollMicros);
        this.maxPollers = pollMicros > 0 ? maxPollers : 0;
        this.maxCalls = maxCalls;
    }

    /** How long one wait may poll before it sleeps. */
    long pollNs()
    {
        return pollNs;
    }

    /**
     * The calling thread borrowed a connection: its first makes it a call in flight.
     *
     * @return the thread's count of connections held, to give to {@link #callEnded(AtomicInteger)}
     *         (atomic, so another thread may give a connection back)
     */
    AtomicInteger callStarted()
    {
        final AtomicInteger held = connectionsHeld.get();
        if (held.getAndIncrement() == 0)
        {
            calls.incrementAndGet();
        }
        return held;
    }

    /** A connection counted in {@code held} was given back: the last one ends its thread's call. */
    void callEnded(final AtomicInteger held)
    {
        if (held.decrementAndGet() == 0)
        {
            calls.decrementAndGet();
        }
    }

    /** Calls in flight now: threads holding borrowed connections. */
    int calls()
    {
        return calls.get();
    }

    /** Whether a thread would be let poll now (a hint: {@link #tryStart()} decides). */
    boolean mayPoll()
    {
        return pollers.get() < maxPollers && (maxCalls == 0 || calls.get() <= maxCalls);
    }

    /** @return true if this thread may poll now; it then calls {@link #stop()} when done */
    boolean tryStart()
    {
        if (!mayPoll())
        {
            return false;
        }
        if (pollers.incrementAndGet() > maxPollers)
        {
            pollers.decrementAndGet();
            return false;
        }
        return true;
    }

    void stop()
    {
        pollers.decrementAndGet();
    }
}
