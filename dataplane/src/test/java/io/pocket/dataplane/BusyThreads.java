package io.pocket.dataplane;

import java.util.ArrayList;
import java.util.List;

/**
 * Threads that only burn CPU, as {@code while :; do :; done} beside a server does: they starve the server's event
 * loops and the test's own threads of the machine's cores, so that reads and writes are cut short and threads are
 * preempted at any instruction. Each stops at its deadline or at {@link #close()}, whichever comes first.
 */
final class BusyThreads implements AutoCloseable
{
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private volatile long sink;

    private BusyThreads(final int count, final long deadlineNs)
    {
        for (int i = 0; i < count; i++)
        {
            final Thread thread = new Thread(() -> spin(deadlineNs), "busy-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Starts {@code count} busy threads that stop by {@code deadlineNs} ({@link System#nanoTime()}) at the latest. */
    static BusyThreads start(final int count, final long deadlineNs)
    {
        return new BusyThreads(count, deadlineNs);
    }

    private void spin(final long deadlineNs)
    {
        long x = 0;
        while (!stopped && System.nanoTime() - deadlineNs < 0)
        {
            for (int i = 0; i < 10_000; i++)
            {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    @Override
    public void close() throws InterruptedException
    {
        stopped = true;
        for (final Thread thread : threads)
        {
            thread.join();
        }
    }
}
