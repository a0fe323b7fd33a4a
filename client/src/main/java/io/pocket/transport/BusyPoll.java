package io.pocket.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a thread that waits for an answer poll its socket for a short while before it sleeps in
 * the kernel. On a virtual machine, waking a thread whose CPU has gone idle costs tens of
 * microseconds, often more than the round trip itself; a thread still polling when the answer
 * arrives skips that. Polling burns the CPU it runs on, so at most {@code maxPollers} threads of a
 * pool poll at once (the others sleep at once), and it is off unless configured. Safe for many
 * threads.
 */
final class BusyPoll
{
    /** Never polls. */
    static final BusyPoll OFF = new BusyPoll(0, 0);

    private final long pollNs;
    private final int maxPollers;
    private final AtomicInteger pollers = new AtomicInteger();

    BusyPoll(final int pollMicros, final int maxPollers)
    {
        this.pollNs = TimeUnit.MICROSECONDS.toNanos(pollMicros);
        this.maxPollers = pollMicros > 0 ? maxPollers : 0;
    }

    /** Whether any thread may poll at all. */
    boolean enabled()
    {
        return maxPollers > 0;
    }

    /** How long one wait may poll before it sleeps. */
    long pollNs()
    {
        return pollNs;
    }

    /** @return true if this thread may poll now; it then calls {@link #stop()} when done */
    boolean tryStart()
    {
        if (pollers.get() >= maxPollers)
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
