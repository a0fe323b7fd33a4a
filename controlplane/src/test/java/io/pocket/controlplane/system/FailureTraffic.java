package io.pocket.controlplane.system;

import io.pocket.client.GetOption;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A well-behaved client running next to a misbehaving one: a thread that puts objects, reads
 * them back with DELETE and compares every byte, and asks the controller for the status, until
 * closed. It thus uses the controller, the metadata server and the storage servers. The first
 * failure is kept.
 */
final class FailureTraffic implements AutoCloseable
{
    private final PocketClient client;
    private final Job job;
    private final String prefix;
    private final int objectSize;
    private final Thread thread;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    /**
     * Starts the loop: each round puts {@code prefix<i>} of {@code objectSize} bytes, reads it back
     * with DELETE, and asks the controller for the cluster status.
     */
    FailureTraffic(final PocketClient client, final Job job, final String prefix, final int objectSize)
    {
        this.client = client;
        this.job = job;
        this.prefix = prefix;
        this.objectSize = objectSize;
        this.thread = new Thread(this::run, "failure-traffic-" + prefix);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run()
    {
        long i = 0;
        while (running && failure.get() == null)
        {
            final String name = prefix + i;
            try
            {
                final byte[] sent = FailureFixture.payload(i, objectSize);
                job.put(name, sent);
                final ByteBuffer back = job.get(name, GetOption.DELETE);
                if (!Arrays.equals(sent, FailureFixture.bytesOf(back)))
                {
                    throw new AssertionError("object " + name + " came back with different bytes");
                }
                client.status();
                rounds.incrementAndGet();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
            i++;
        }
    }

    /** Completed put+get rounds so far. */
    long rounds()
    {
        return rounds.get();
    }

    /** Waits until at least {@code more} further rounds than {@code since} have completed, and nothing failed. */
    void awaitRounds(final long since, final long more)
    {
        FailureFixture.awaitTrue(more + " more put+get rounds of the concurrent client", FailureFixture.POLL_TIMEOUT_MS,
            () -> failure.get() != null || rounds.get() >= since + more);
        assertClean();
    }

    /** Fails with the loop's first error, if it had one. */
    void assertClean()
    {
        final Throwable t = failure.get();
        if (t != null)
        {
            throw new AssertionError("the concurrent well-behaved client failed after " + rounds.get() + " rounds: " + t, t);
        }
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(FailureFixture.POLL_TIMEOUT_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        assertFalse(thread.isAlive(), "the concurrent client's loop did not stop");
    }
}
