package io.pocket.controlplane.controller;

import io.pocket.client.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one thread that owns the controller's state. Network threads decode requests and hand them
 * here; answers from metadata servers come back here before they touch the state; the periodic
 * liveness check runs here. So the registries need no locks, and every decision sees a
 * consistent cluster (the design the architecture sketch asks for: a single-threaded loop driven
 * by a clock).
 */
final class ControlLoop implements Executor, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
    private static final long CLOSE_WAIT_MS = 2000;
    private static final long CALL_WAIT_MS = 30_000;

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    ControlLoop(final String threadName)
    {
        executor = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.prestartCoreThread();
    }

    /** Runs {@code task} on the loop; throws {@link RejectedExecutionException} once closed. */
    @Override
    public void execute(final Runnable task)
    {
        executor.execute(task);
    }

    /** Whether the caller is the loop's thread. */
    boolean inLoop()
    {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop and waits for its result (runs it directly when called on the
     * loop). For callers outside the network threads: the embedding process and tests.
     */
    <T> T callAndWait(final Supplier<T> task)
    {
        if (inLoop())
        {
            return task.get();
        }
        final CompletableFuture<T> result;
        try
        {
            result = CompletableFuture.supplyAsync(task, executor);
        }
        catch (final RejectedExecutionException ex)
        {
            throw new ServiceUnavailableException("the controller is closed");
        }
        try
        {
            return result.get(CALL_WAIT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException)
            {
                throw (RuntimeException)ex.getCause();
            }
            throw new IllegalStateException(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new ServiceUnavailableException("the controller's loop did not run the task within " + CALL_WAIT_MS +
                " ms (closed or stuck)");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while waiting for the controller's loop");
        }
    }

    /** Runs {@code task} every {@code periodMs}; a failure is logged and the schedule goes on. */
    void schedule(final String name, final long periodMs, final Runnable task)
    {
        executor.scheduleAtFixedRate(() ->
        {
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("{} failed", name, ex);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic tasks and lets queued tasks finish (briefly). */
    @Override
    public void close()
    {
        executor.shutdown();
        if (inLoop())
        {
            return;
        }
        try
        {
            if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS))
            {
                executor.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
