package io.pocket.client;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** 64 threads act as 64 lambdas of one job over one shared client. */
class SharedClientTest
{
    static final int THREADS = 64;
    static final int ROUNDS = 6;

    @Test
    void manyLambdasShareOneClient() throws Exception
    {
        try (FakeCluster cluster = new FakeCluster(16 << 10, 3, 1_000_000);
            PocketClient client = PocketClient.connect(cluster.address(), new ClientContext().ioThreads(2)))
        {
            final Job registered = client.registerJob("shared", Hints.none().lambdas(THREADS));
            final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try
            {
                final List<Future<?>> lambdas = new ArrayList<>();
                for (int t = 0; t < THREADS; t++)
                {
                    final int lambda = t;
                    lambdas.add(pool.submit(() -> runLambda(client.attach(registered.id()), lambda)));
                }
                for (final Future<?> f : lambdas)
                {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
            finally
            {
                pool.shutdownNow();
            }
            assertEquals(0, cluster.unsealedCount());
            assertEquals(0, cluster.pendingReadCount());
            assertEquals(0, cluster.live.size());
        }
    }

    private static Void runLambda(final Job job, final int lambda)
    {
        final Random random = new Random(lambda);
        for (int round = 0; round < ROUNDS; round++)
        {
            final String name = "o-" + lambda + "-" + round;
            final byte[] bytes = new byte[random.nextInt(200 << 10)];
            random.nextBytes(bytes);
            if (random.nextBoolean())
            {
                job.put(name, bytes);
            }
            else
            {
                job.put(name, ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
            }
            assertArrayEquals(bytes, PocketJobTest.toArray(job.get(name)));
            if (random.nextBoolean())
            {
                assertArrayEquals(bytes, PocketJobTest.toArray(job.get(name, GetOption.DELETE)));
            }
            else
            {
                final ByteBuffer dst = ByteBuffer.allocateDirect(bytes.length);
                assertEquals(bytes.length, job.get(name, dst, GetOption.DELETE));
                assertArrayEquals(bytes, PocketJobTest.toArray(dst.flip()));
            }
            assertFalse(job.exists(name));
        }
        job.close();
        return null;
    }
}
