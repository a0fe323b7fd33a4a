package io.pocket.bench.cli;

import io.pocket.client.Job;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A put-then-get load on one job from a few threads, every read checked byte for byte, bounded in time. Each thread
 * keeps its last {@link #KEPT_PER_THREAD} objects and deletes older ones, so the load runs in bounded space. It
 * records every object whose put was acknowledged and that it has not deleted (to read back later) and counts failures
 * by exception type; a wrong byte is a failure of its own kind that no test accepts.
 */
final class VerifiedLoad implements AutoCloseable
{
    private static final int MAX_SIZE = 300 * 1024;
    private static final long MAX_RUN_NANOS = 120_000_000_000L;
    private static final int KEPT_PER_THREAD = 16;

    private final Job job;
    private final String prefix;
    private final Thread[] threads;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong operations = new AtomicLong();
    private final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    VerifiedLoad(final Job job, final String prefix, final int threadCount)
    {
        this.job = job;
        this.prefix = prefix;
        this.threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            final int index = t;
            threads[t] = new Thread(() -> run(index), "verified-load-" + t);
            threads[t].setDaemon(true);
            threads[t].start();
        }
    }

    private void run(final int thread)
    {
        final SplittableRandom random = new SplittableRandom(prefix.hashCode() * 31L + thread);
        final long deadline = System.nanoTime() + MAX_RUN_NANOS;
        for (int i = 0; !stop.get() && System.nanoTime() < deadline; i++)
        {
            final String name = prefix + "/t" + thread + "-" + i;
            final byte[] bytes = new byte[random.nextInt(MAX_SIZE)];
            random.nextBytes(bytes);
            try
            {
                job.put(name, ByteBuffer.wrap(bytes));
                acknowledged.put(name, bytes);
                final ByteBuffer read = job.get(name);
                final byte[] copy = new byte[read.remaining()];
                read.get(copy);
                if (!Arrays.equals(bytes, copy))
                {
                    failures.computeIfAbsent("WRONG BYTES", k -> new AtomicLong()).incrementAndGet();
                }
                operations.addAndGet(2);
                final String old = prefix + "/t" + thread + "-" + (i - KEPT_PER_THREAD);
                if (acknowledged.containsKey(old))
                {
                    job.delete(old);
                    acknowledged.remove(old);
                    operations.incrementAndGet();
                }
            }
            catch (final RuntimeException ex)
            {
                failures.computeIfAbsent(ex.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    /** Operations that succeeded so far (puts, gets and deletes). */
    long operations()
    {
        return operations.get();
    }

    /** Failures so far by exception class name. */
    Map<String, AtomicLong> failures()
    {
        return failures;
    }

    /** Stops the threads and waits for them. */
    @Override
    public void close() throws InterruptedException
    {
        stop.set(true);
        for (final Thread thread : threads)
        {
            thread.join(30_000);
            assertTrue(!thread.isAlive(), thread.getName() + " did not stop");
        }
    }

    /** Reads back every object whose put was acknowledged, byte for byte. */
    void assertEveryAcknowledgedObject()
    {
        for (final Map.Entry<String, byte[]> object : acknowledged.entrySet())
        {
            final ByteBuffer read = job.get(object.getKey());
            final byte[] copy = new byte[read.remaining()];
            read.get(copy);
            assertArrayEquals(object.getValue(), copy, object.getKey());
        }
    }

    int acknowledgedCount()
    {
        return acknowledged.size();
    }
}
