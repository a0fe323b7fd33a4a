package io.pocket.bench.peers;

import io.pocket.bench.RunControl;
import io.pocket.bench.Threads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the keys of a put cell in the background, so the stored data stays bounded (Pocket's objects
 * are write-once, so every put writes a fresh key; all systems get the same treatment). Put clients hand
 * over each key after their timed put and wait, untimed, while {@code pendingLimit} keys are queued; so
 * the measured put rate is one the store sustains with bounded memory. {@link #close()} deletes what is
 * left, untimed, and stops the threads.
 */
final class KeyDeleter implements AutoCloseable
{
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RunControl control;
    private final BlockingQueue<String> pending;
    private final List<Thread> threads;
    private final List<Store> stores;
    private volatile boolean draining;

    /**
     * @param provider     where each deleter thread opens its own store
     * @param threads      deleter threads, one delete in flight each
     * @param pendingLimit most keys waiting
     */
    KeyDeleter(final StoreProvider provider, final RunControl control, final int threads, final int pendingLimit)
    {
        this.control = control;
        this.pending = new ArrayBlockingQueue<>(pendingLimit);
        this.threads = new ArrayList<>(threads);
        this.stores = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++)
        {
            final Store store = provider.open(ValueStamp.MIN_LENGTH);
            stores.add(store);
            final Thread thread = new Thread(() -> deleteLoop(store), "peers-deleter-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
        this.threads.forEach(Thread::start);
    }

    /**
     * Queues a key, waiting while the queue is full.
     *
     * @return false, queuing nothing, if the cell stopped meanwhile
     */
    boolean enqueue(final String key) throws InterruptedException
    {
        return control.offer(pending, key);
    }

    /** Deletes the queued keys (unless the cell failed), then stops the threads and closes their stores. */
    @Override
    public void close()
    {
        draining = true;
        final boolean interrupted = Threads.joinUninterruptibly(threads, control::stop);
        stores.forEach(Store::close);
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteLoop(final Store store)
    {
        try
        {
            while (control.failure() == null)
            {
                final String key = pending.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                if (key != null)
                {
                    store.delete(key);
                }
                else if (draining)
                {
                    return;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final Throwable ex)
        {
            control.fail(ex);
        }
    }
}
