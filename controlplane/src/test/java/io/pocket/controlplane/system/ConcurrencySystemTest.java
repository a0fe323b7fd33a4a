package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.assertUsedEverywhere;
import static io.pocket.controlplane.system.DataPathFixture.blocks;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static io.pocket.controlplane.system.DataPathFixture.settledUsed;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One {@link PocketClient} shared by 64 threads acting as 64 lambdas of one job: each writes 100
 * objects of varied sizes through varied puts, reads them all back, consumes a fifth with DELETE;
 * then the listings and block counts are exact and deregistration returns every block. Also many
 * readers of one object, and racing DELETE readers of which exactly one wins.
 */
class ConcurrencySystemTest
{
    static final int BLOCK = 64 * KIB;
    static final int LAMBDAS = 64;
    static final int OBJECTS = 100;

    @RegisterExtension
    static final ClusterResource CLUSTER = new ClusterResource(new LocalClusterContext().storageServers(2).dram(512L * MIB).blockSize(BLOCK)
        .heartbeatIntervalMs(200), new ClientContext().ioThreads(2).inlineMaxBytes(0)); // counts blocks: no inline objects

    private ExecutorService pool;
    private long base;


    @BeforeEach
    void startPool()
    {
        pool = Executors.newFixedThreadPool(LAMBDAS);
        base = settledUsed(CLUSTER.cluster());
    }

    @AfterEach
    void stopPool()
    {
        pool.shutdownNow();
    }

    @Test
    void sixtyFourLambdasShareOneClient()
    {
        final Job job = CLUSTER.client().registerJob("shared", Hints.none().lambdas(LAMBDAS));
        final List<Callable<Void>> lambdas = new ArrayList<>();
        for (int t = 0; t < LAMBDAS; t++)
        {
            final int lambda = t;
            lambdas.add(() -> runLambda(CLUSTER.client().attach(job.id()), lambda));
        }
        runAll(lambdas);

        long expectedBlocks = 0;
        for (int t = 0; t < LAMBDAS; t++)
        {
            final List<ObjectInfo> expected = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++)
            {
                if (!consumed(i))
                {
                    expected.add(new ObjectInfo(name(t, i), size(t, i), false));
                    expectedBlocks += blocks(size(t, i), BLOCK);
                }
            }
            expected.sort((a, b) -> a.name().compareTo(b.name()));
            assertEquals(expected, job.enumerate("t" + t), "objects left by lambda " + t);
        }
        assertEquals(base + expectedBlocks, metadataAllocated(CLUSTER.cluster()), "blocks of the objects left");
        assertBytes(SeededContent.bytes(seed(63, 99), size(63, 99)), job.get(name(63, 99)), "a survivor read afterwards");

        job.deregister();
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
    }

    @Test
    void manyThreadsReadTheSameObject()
    {
        final Job job = CLUSTER.client().registerJob("same-object", Hints.none());
        final byte[] large = SeededContent.bytes(5, MIB + 7);
        final byte[] small = SeededContent.bytes(6, 100);
        job.put("large", large);
        job.put("small", small);
        final List<Callable<Void>> readers = new ArrayList<>();
        for (int t = 0; t < 16; t++)
        {
            final int reader = t;
            readers.add(() ->
            {
                for (int round = 0; round < 10; round++)
                {
                    ObjectWays.readBack(job, "large", large, reader + round);
                    ObjectWays.readBack(job, "small", small, reader + round);
                }
                return null;
            });
        }
        runAll(readers);
        job.deregister();
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
    }

    @Test
    void exactlyOneOfRacingDeleteReadersWins()
    {
        final Job job = CLUSTER.client().registerJob("race", Hints.none());
        final int racers = 8;
        for (int round = 0; round < 20; round++)
        {
            final String name = "race-" + round;
            final byte[] bytes = SeededContent.bytes(round, round % 3 == 0 ? 0 : round % 3 == 1 ? 1 : 3 * BLOCK + 5);
            job.put(name, bytes);
            final CountDownLatch start = new CountDownLatch(1);
            final List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int r = 0; r < racers; r++)
            {
                final int way = r % 3;
                outcomes.add(pool.submit(() ->
                {
                    start.await();
                    try
                    {
                        assertBytes(bytes, ObjectWays.readWithDelete(job, name, bytes.length, way),
                            name + " read by the winner");
                        return true;
                    }
                    catch (final ObjectNotFoundException lost)
                    {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (final Future<Boolean> outcome : outcomes)
            {
                winners += await(outcome) ? 1 : 0;
            }
            assertEquals(1, winners, "winners among " + racers + " DELETE readers of " + name);
            assertFalse(job.exists(name));
            assertEquals(base, metadataAllocated(CLUSTER.cluster()), "blocks allocated after round " + round);
        }
        job.deregister();
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
    }

    private static Void runLambda(final Job job, final int lambda) throws IOException
    {
        job.createBucket("t" + lambda);
        for (int i = 0; i < OBJECTS; i++)
        {
            final byte[] bytes = SeededContent.bytes(seed(lambda, i), size(lambda, i));
            ObjectWays.put(job, name(lambda, i), bytes, i);
        }
        for (int i = 0; i < OBJECTS; i++)
        {
            final String name = name(lambda, i);
            ObjectWays.readBack(job, name, SeededContent.bytes(seed(lambda, i), size(lambda, i)), i);
        }
        for (int i = 0; i < OBJECTS; i++)
        {
            if (consumed(i))
            {
                final String name = name(lambda, i);
                final byte[] bytes = SeededContent.bytes(seed(lambda, i), size(lambda, i));
                assertBytes(bytes, ObjectWays.readWithDelete(job, name, bytes.length, i), "DELETE read of " + name);
                assertFalse(job.exists(name), name + " after its DELETE read");
            }
        }
        job.close();
        return null;
    }

    /** Zero, exactly one block, one block and a byte, 64-200 KiB, or (six in ten) 1-8 KiB. */
    static int size(final int lambda, final int index)
    {
        switch (index % 10)
        {
            case 0:
                return 0;
            case 1:
                return BLOCK;
            case 2:
                return BLOCK + 1;
            case 3:
                return 64 * KIB + new SplittableRandom(seed(lambda, index)).nextInt(136 * KIB);
            default:
                return 1 + new SplittableRandom(seed(lambda, index)).nextInt(8 * KIB);
        }
    }

    static long seed(final int lambda, final int index)
    {
        return SeededContent.seed(lambda, index);
    }

    static String name(final int lambda, final int index)
    {
        return String.format("t%d/o%03d", lambda, index);
    }

    static boolean consumed(final int index)
    {
        return index % 5 == 0;
    }

    private void runAll(final List<Callable<Void>> tasks)
    {
        final List<Future<Void>> futures = new ArrayList<>();
        for (final Callable<Void> task : tasks)
        {
            futures.add(pool.submit(task));
        }
        for (final Future<Void> future : futures)
        {
            await(future);
        }
    }

    private static <T> T await(final Future<T> future)
    {
        try
        {
            return future.get(120, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof Error)
            {
                throw (Error)ex.getCause();
            }
            throw new AssertionError("a thread failed: " + ex.getCause(), ex.getCause());
        }
        catch (final Exception ex)
        {
            throw new AssertionError("waiting for a thread failed: " + ex, ex);
        }
    }
}
