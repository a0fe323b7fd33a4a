package io.pocket.bench.peers;

import io.pocket.bench.RunControl;
import io.pocket.bench.Threads;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one cell: {@code clients} threads, each with its own {@link Store}, a warm-up, then the measured
 * time; puts are deleted in the background by a {@link KeyDeleter} with one thread per three clients.
 */
final class CellRunner
{
    private final long warmupNanos;
    private final long durationNanos;

    CellRunner(final long warmupNanos, final long durationNanos)
    {
        this.warmupNanos = warmupNanos;
        this.durationNanos = durationNanos;
    }

    /**
     * @param storedKeys    the stored set for gets (empty for puts)
     * @param putPrefix     key prefix unique to this cell, for puts
     * @param pendingLimit  most put keys waiting for deletion
     * @throws RuntimeException the first failure of any thread, as it was thrown, or an
     *                          {@link IllegalStateException} when no operation was measured
     */
    CellResult run(
        final StoreProvider provider,
        final Cell cell,
        final ValueStamp values,
        final String[] storedKeys,
        final String putPrefix,
        final int pendingLimit)
    {
        final RunControl control = new RunControl();
        final List<Store> stores = new ArrayList<>(cell.clients());
        final List<PeerClient> clients = new ArrayList<>(cell.clients());
        final long startNanos;
        try (KeyDeleter deleter = cell.op() == PeerOp.PUT ?
            new KeyDeleter(provider, control, cell.clients() / 3 + 1, pendingLimit) : null)
        {
            for (int i = 0; i < cell.clients(); i++)
            {
                final Store store = provider.open((int)cell.size());
                stores.add(store);
                clients.add(new PeerClient(i, cell, store, values, storedKeys, putPrefix, deleter, control));
            }
            startNanos = System.nanoTime();
            final long measureStart = startNanos + warmupNanos;
            final long end = measureStart + durationNanos;
            runThreads(clients, control, measureStart, end);
        }
        finally
        {
            stores.forEach(Store::close);
        }
        final Throwable failure = control.failure();
        if (failure instanceof RuntimeException runtime)
        {
            throw runtime;
        }
        if (failure != null)
        {
            throw new IllegalStateException(cell.describe() + " failed: " + failure, failure);
        }
        final Histogram merged = new Histogram(3);
        long operations = 0;
        for (final PeerClient client : clients)
        {
            merged.add(client.latencyMicros());
            operations += client.measured();
        }
        if (operations == 0)
        {
            throw new IllegalStateException("no operation started in the measured time (every one took longer " +
                "than the warm-up and measured time together): lengthen --duration");
        }
        return CellResult.of(cell, operations, durationNanos, merged);
    }

    private static void runThreads(
        final List<PeerClient> clients, final RunControl control, final long measureStart, final long end)
    {
        final List<Thread> threads = new ArrayList<>(clients.size());
        for (final PeerClient client : clients)
        {
            final Thread thread = new Thread(() ->
            {
                try
                {
                    client.run(measureStart, end);
                }
                catch (final Throwable ex)
                {
                    control.fail(ex);
                }
            }, "peers-client-" + client.index());
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        if (Threads.joinUninterruptibly(threads, control::stop))
        {
            Thread.currentThread().interrupt();
            control.fail(new IllegalStateException("peers benchmark interrupted"));
        }
    }
}
