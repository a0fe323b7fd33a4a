package io.pocket.dataplane.device;

import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.util.concurrent.TimeUnit;

/**
 * An event executor played by the test thread: every thread counts as its loop and tasks handed to it are dropped,
 * the test runs the work itself (a {@link DeviceQueue}'s poller re-schedules itself while requests are in flight).
 */
final class ManualExecutor extends AbstractEventExecutor
{
    private int executed;

    /** Tasks handed over so far. */
    int executed()
    {
        return executed;
    }

    @Override
    public boolean inEventLoop(final Thread thread)
    {
        return true;
    }

    @Override
    public void execute(final Runnable task)
    {
        executed++;
    }

    @Override
    public boolean isShuttingDown()
    {
        return false;
    }

    @Override
    public Future<?> shutdownGracefully(final long quietPeriod, final long timeout, final TimeUnit unit)
    {
        return terminationFuture();
    }

    @Override
    public Future<?> terminationFuture()
    {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }

    @Override
    @Deprecated
    public void shutdown()
    {
    }

    @Override
    public boolean isShutdown()
    {
        return false;
    }

    @Override
    public boolean isTerminated()
    {
        return false;
    }

    @Override
    public boolean awaitTermination(final long timeout, final TimeUnit unit)
    {
        return true;
    }
}
