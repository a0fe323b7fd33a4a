package io.pocket.bench;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Job;
import io.pocket.client.Sizes;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives one job with {@link BenchConfig#clients()} client threads sharing one {@link Job}, as the
 * lambdas of one process would share a client, each with one operation in flight (a closed loop).
 * <ol>
 *   <li>Setup, not timed: gets and lookups first store {@link BenchConfig#objects()} objects of random
 *   bytes, each client a share, and read each back once to check it.</li>
 *   <li>Warm-up: the loop runs for {@link BenchConfig#warmupNanos()} without recording.</li>
 *   <li>Measurement: for {@link BenchConfig#durationNanos()}, every operation that starts in it is
 *   recorded in its client's histogram; throughput is measured operations over the measured time.</li>
 * </ol>
 * Puts write new objects {@code p-<client>-<seq>} and hand them to an {@link ObjectDeleter} after the
 * timed call. The caller owns the job: the driver neither registers nor deregisters it.
 */
public final class LoadDriver
{
    private static final String STORED_PREFIX = "obj-";

    private final BenchConfig config;
    private final Job job;
    private final PrintWriter progressOut;

    /** @param progressOut where setup notes and progress lines go (stderr in the command line) */
    public LoadDriver(final BenchConfig config, final Job job, final PrintWriter progressOut)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.job = Objects.requireNonNull(job, "job");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
    }

    /**
     * Runs setup, warm-up and measurement.
     *
     * @throws io.pocket.client.PocketException the first typed failure of any client, as it was thrown
     * @throws InvalidArgumentException         when the buffers for the objects do not fit in direct memory
     */
    public BenchResult run()
    {
        final RunControl control = new RunControl();
        final ByteBuffer payload = randomPayload();
        final String[] storedNames = storedNames();
        final List<ClientLoop> clients = new ArrayList<>(config.clients());
        final BenchResult result;
        try (ObjectDeleter deleter = config.op() == BenchOp.PUT ?
            new ObjectDeleter(job, control, deleterThreads(), pendingDeletes()) : null)
        {
            for (int i = 0; i < config.clients(); i++)
            {
                final ByteBuffer destination = config.op() == BenchOp.GET ? allocate(config.objectSize()) : null;
                clients.add(new ClientLoop(i, config, job, payload.duplicate(), destination, storedNames,
                    deleter, control));
            }

            progressOut.println("[bench] " + config.describe());
            if (storedNames.length > 0)
            {
                progressOut.println("[bench] storing " + storedNames.length + " objects of " +
                    Sizes.format(config.objectSize()) + " (not timed)");
                progressOut.flush();
                runClients(clients, control, null, ClientLoop::storeObjects);
            }

            final RunWindow window =
                RunWindow.startingAt(System.nanoTime(), config.warmupNanos(), config.durationNanos());
            final BenchProgress progress = new BenchProgress(progressOut, clients, window);
            runClients(clients, control, progress, (client) -> runLoop(client, window));

            final Histogram merged = new Histogram(3);
            long operations = 0;
            for (final ClientLoop client : clients)
            {
                merged.add(client.latencyMicros());
                operations += client.measured();
            }
            if (deleter != null)
            {
                progressOut.println("[bench] deleted " + deleter.deleted() + " objects in the background, " +
                    deleter.pending() + " left to the deregistration");
            }
            progressOut.flush();
            result = BenchResult.of(operations, config.bytesPerOp(), window.measuredNanos(), merged);
        }
        control.rethrowFailure();
        return result;
    }

    private void runClients(
        final List<ClientLoop> clients,
        final RunControl control,
        final BenchProgress progress,
        final Consumer<ClientLoop> task)
    {
        final CountDownLatch finished = new CountDownLatch(clients.size());
        final List<Thread> threads = new ArrayList<>(clients.size());
        for (int i = 0; i < clients.size(); i++)
        {
            final ClientLoop client = clients.get(i);
            final Thread thread = new Thread(() ->
            {
                try
                {
                    task.accept(client);
                }
                catch (final Throwable ex)
                {
                    control.fail(ex);
                }
                finally
                {
                    finished.countDown();
                }
            }, "bench-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);

        boolean interrupted = false;
        while (finished.getCount() > 0)
        {
            try
            {
                final long waitNanos = progress == null ? Long.MAX_VALUE : progress.nextDueNanos() - System.nanoTime();
                if (!finished.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS) && progress != null)
                {
                    progress.report(System.nanoTime());
                }
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
                control.stop();
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench interrupted");
        }
        control.rethrowFailure();
    }

    private static void runLoop(final ClientLoop client, final RunWindow window)
    {
        try
        {
            client.run(window);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench client interrupted", ex);
        }
    }

    private String[] storedNames()
    {
        if (!config.op().needsStoredObjects())
        {
            return new String[0];
        }
        final String[] names = new String[config.objects()];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = STORED_PREFIX + i;
        }
        return names;
    }

    private ByteBuffer randomPayload()
    {
        final ByteBuffer payload = allocate(config.objectSize());
        final SplittableRandom random = new SplittableRandom(0x5EED_BE4CL);
        while (payload.remaining() >= Long.BYTES)
        {
            payload.putLong(random.nextLong());
        }
        while (payload.hasRemaining())
        {
            payload.put((byte)random.nextInt());
        }
        return payload.flip();
    }

    private ByteBuffer allocate(final long size)
    {
        try
        {
            return ByteBuffer.allocateDirect((int)size);
        }
        catch (final OutOfMemoryError ex)
        {
            final long buffers = config.op() == BenchOp.GET ? config.clients() + 1L : 1L;
            throw new InvalidArgumentException("--size " + Sizes.format(config.objectSize()) + " with --clients " +
                config.clients() + " needs " + Sizes.format(buffers * config.objectSize()) +
                " of direct buffers, more than this JVM allows (raise -XX:MaxDirectMemorySize or lower them)");
        }
    }

    /** A delete is one metadata round trip, a put at least three: one deleter per three clients keeps up. */
    private int deleterThreads()
    {
        return config.clients() / 3 + 1;
    }

    /** Names waiting for deletion: as many as {@link BenchConfig#DEFAULT_STORED_BYTES} holds, at least one per client. */
    private int pendingDeletes()
    {
        final long size = config.objectSize();
        final long fit = size == 0 ? Integer.MAX_VALUE : BenchConfig.DEFAULT_STORED_BYTES / size;
        return (int)Math.max(config.clients(), Math.min(64L * config.clients(), fit));
    }
}
