package io.pocket.bench;

import java.util.List;

/** Helpers for the bench's own worker threads. */
public final class Threads
{
    private Threads()
    {
    }

    /** Waits for every thread to end, even if interrupted meanwhile, then restores any interrupt. */
    public static void joinAll(final List<Thread> threads)
    {
        if (joinUninterruptibly(threads, () -> {}))
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for every thread to end, even if interrupted meanwhile; the interrupt flag is left clear.
     *
     * @param onInterrupt run on each interrupt while waiting, such as stopping the threads
     * @return true if interrupted while waiting; the caller restores the interrupt
     */
    public static boolean joinUninterruptibly(final List<Thread> threads, final Runnable onInterrupt)
    {
        boolean interrupted = false;
        for (final Thread thread : threads)
        {
            while (thread.isAlive())
            {
                try
                {
                    thread.join();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                    onInterrupt.run();
                }
            }
        }
        return interrupted;
    }
}
