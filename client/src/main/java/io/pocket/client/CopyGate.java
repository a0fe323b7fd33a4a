package io.pocket.client;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Guards memory that response decoders copy into from the event loops: once {@link #closeAndDrain()}
 * returns, no decoder is copying and none will, so the memory may be handed back to its owner
 * (the caller's buffer) or reused (a pooled buffer) even while late responses still arrive.
 */
final class CopyGate
{
    private static final int CLOSED = 1 << 30;

    private final AtomicInteger state = new AtomicInteger();

    /** @return true if the caller may copy now and must call {@link #exit()} after; false once closed */
    boolean enter()
    {
        while (true)
        {
            final int s = state.get();
            if ((s & CLOSED) != 0)
            {
                return false;
            }
            if (state.compareAndSet(s, s + 1))
            {
                return true;
            }
        }
    }

    void exit()
    {
        state.decrementAndGet();
    }

    boolean isClosed()
    {
        return (state.get() & CLOSED) != 0;
    }

    /** Refuses further copies and waits for the ones under way (each is one block's memcpy). */
    void closeAndDrain()
    {
        state.getAndUpdate(s -> s | CLOSED);
        int spins = 0;
        while (state.get() != CLOSED)
        {
            if (++spins < 1000)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(10_000);
            }
        }
    }
}
