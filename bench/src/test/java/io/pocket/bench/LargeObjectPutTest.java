package io.pocket.bench;

import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Multi-block puts over two storage servers with the writes flushed in batches: every window and
 * allocate-ahead shape (window 1 flushes each block, odd windows leave a partial batch, a window
 * larger than the object never waits), partial last blocks, a 16 MiB object, heap, direct, file
 * and stream sources, and many threads sharing the connections. Checks bytes, never speed.
 */
final class LargeObjectPutTest
{
    private static final int BLOCK = 64 << 10;
    private static final int[] SIZES = {BLOCK + 1, 1 << 20, (1 << 20) - 7, (16 << 20) + 12_345};

    private static LocalCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start()
    {
        cluster = LocalCluster.start(new LocalClusterContext().storageServers(2).dram(64L << 20));
    }

    @AfterAll
    static void stop()
    {
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void everyWindowShapeRoundTrips() throws Exception
    {
        final int[][] shapes = {{1, 1}, {3, 2}, {16, 16}, {64, 5}};
        for (final int[] shape : shapes)
        {
            final ClientContext context = new ClientContext().writeWindow(shape[0]).allocateAhead(shape[1]);
            try (PocketClient client = PocketClient.connect(cluster.controllerAddress(), context))
            {
                final Job job = client.registerJob("window-" + shape[0] + "-" + shape[1], Hints.none());
                for (final int size : SIZES)
                {
                    final byte[] bytes = content(size, size * 31L + shape[0]);
                    final String label = " (window " + shape[0] + ", ahead " + shape[1] + ", " + size + " bytes)";
                    job.put("heap", ByteBuffer.wrap(bytes));
                    assertArrayEquals(bytes, read(job, "heap", size), "heap put" + label);
                    job.delete("heap");

                    final ByteBuffer direct = ByteBuffer.allocateDirect(size + 3).position(3);
                    direct.put(bytes).position(3);
                    job.put("direct", direct);
                    assertEquals(3, direct.position(), "the caller's buffer is left alone" + label);
                    assertArrayEquals(bytes, read(job, "direct", size), "direct put" + label);
                    job.delete("direct");

                    final Path file = Files.write(dir.resolve("object-" + size), bytes);
                    job.put("file", file);
                    assertArrayEquals(bytes, read(job, "file", size), "file put" + label);
                    job.delete("file");
                }
                job.deregister();
            }
        }
    }

    @Test
    void streamsFlushEveryBlock() throws Exception
    {
        try (PocketClient client = PocketClient.connect(cluster.controllerAddress()))
        {
            final Job job = client.registerJob("streams", Hints.none());
            final int size = 5 * BLOCK + 99;
            final byte[] bytes = content(size, 7);
            try (OutputStream out = job.openOutput("stream"))
            {
                for (int at = 0; at < size; at += 10_000)
                {
                    out.write(bytes, at, Math.min(10_000, size - at));
                }
            }
            try (InputStream in = job.openInput("stream"))
            {
                assertArrayEquals(bytes, in.readAllBytes());
            }
            job.deregister();
        }
    }

    @Test
    void manyThreadsShareTheConnections() throws Exception
    {
        final int threads = 8;
        final int size = (1 << 20) + 100;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (PocketClient client = PocketClient.connect(cluster.controllerAddress()))
        {
            final Job job = client.registerJob("threads", Hints.none());
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                done.add(pool.submit(() ->
                {
                    for (int i = 0; i < 3; i++)
                    {
                        final byte[] bytes = content(size, thread * 100L + i);
                        final ByteBuffer src = ByteBuffer.allocateDirect(size).put(bytes).flip();
                        final String name = "t" + thread + "-" + i;
                        job.put(name, src);
                        assertArrayEquals(bytes, read(job, name, size), name);
                        job.delete(name);
                    }
                    return null;
                }));
            }
            for (final Future<?> f : done)
            {
                f.get();
            }
            job.deregister();
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static byte[] read(final Job job, final String name, final int size)
    {
        final ByteBuffer dst = ByteBuffer.allocateDirect(size);
        assertEquals(size, job.get(name, dst), name + " size");
        final byte[] out = new byte[size];
        dst.flip().get(out);
        return out;
    }

    private static byte[] content(final int size, final long seed)
    {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
