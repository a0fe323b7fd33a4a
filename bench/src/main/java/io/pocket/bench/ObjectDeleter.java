package io.pocket.bench;

import io.pocket.client.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Deletes the objects of a put run in the background so that a long run keeps a bounded amount of
 * data in the cluster. Put clients hand over each name after their timed put; deleter threads
 * delete them through the same {@link Job}. At most {@code pendingLimit} names wait: when deletion
 * falls behind, {@link #enqueue} blocks the putting client (outside its timed section), so the
 * measured put rate is one the cluster sustains with bounded storage.
 */
final class ObjectDeleter implements AutoCloseable
{
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Job job;
    private final RunControl control;
    private final BlockingQueue<String> pending;
    private final List<Thread> threads;
    private final LongAdder deleted = new LongAdder();
    private volatile boolean closing;

    /**
     * @param threads      deleter threads, each with one delete in flight
     * @param pendingLimit most names waiting to be deleted
     */
    ObjectDeleter(final Job job, final RunControl control, final int threads, final int pendingLimit)
    {
        this.job = Objects.requireNonNull(job, "job");
        this.control = Objects.requireNonNull(control, "control");
        this.pending = new ArrayBlockingQueue<>(pendingLimit);
        this.threads = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++)
        {
            final Thread thread = new Thread(this::deleteLoop, "bench-deleter-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
        this.threads.forEach(Thread::start);
    }

    /**
     * Queues an object for deletion, waiting while {@code pendingLimit} names are queued.
     *
     * @return false, queuing nothing, if the run stopped meanwhile
     */
    boolean enqueue(final String name) throws InterruptedException
    {
        return control.offer(pending, name);
    }

    /** Objects deleted so far. */
    long deleted()
    {
        return deleted.sum();
    }

    /** Objects queued but not yet deleted. */
    int pending()
    {
        return pending.size();
    }

    /**
     * Stops the deleter threads after their current delete and waits for them. Names still queued are
     * not deleted here: deregistering the job frees them.
     */
    @Override
    public void close()
    {
        closing = true;
        Threads.joinAll(threads);
    }

    private void deleteLoop()
    {
        try
        {
            while (!closing && !control.isStopped())
            {
                final String name = pending.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                if (name != null)
                {
                    job.delete(name);
                    deleted.increment();
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
