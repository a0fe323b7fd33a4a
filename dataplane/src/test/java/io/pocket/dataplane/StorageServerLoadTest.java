package io.pocket.dataplane;

import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.BlockRef;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.pocket.dataplane.StorageServerTest.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many requests at once, large arenas, both transports, and a start-up that cannot reach its controller. */
@Timeout(30)
class StorageServerLoadTest
{
    private static Transport clientTransport;

    @BeforeAll
    static void startTransport()
    {
        clientTransport = Transport.create(Transport.Kind.AUTO, 2, "test-client");
    }

    @AfterAll
    static void stopTransport()
    {
        clientTransport.close();
    }

    @Test
    void shouldServeEightThreadsPipeliningThroughOneConnection() throws Exception
    {
        final int threads = 8;
        final int perThread = 200;
        final int blockSize = 4096;
        try (StorageServer server = StorageServer.start(new StorageServerContext()
            .bindHost("127.0.0.1").dram((long)threads * perThread * blockSize).blockSize(blockSize));
            BlockClient client = BlockClient.connect(server, clientTransport))
        {
            final ExecutorService pool = Executors.newFixedThreadPool(threads);
            try
            {
                final List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final int thread = t;
                    results.add(pool.submit(() -> pipeline(client, thread, perThread, blockSize)));
                }
                for (final Future<Integer> result : results)
                {
                    assertEquals(perThread, result.get(20, TimeUnit.SECONDS));
                }
            }
            finally
            {
                pool.shutdownNow();
            }
            assertEquals(threads * perThread, server.tier().usedBlocks());
            assertTrue(client.rpc().isOpen());
        }
    }

    private static int pipeline(final BlockClient client, final int thread, final int count, final int blockSize)
        throws Exception
    {
        final SplittableRandom random = new SplittableRandom(thread);
        final List<byte[]> written = new ArrayList<>(count);
        final List<CompletableFuture<Void>> writes = new ArrayList<>(count);
        final List<CompletableFuture<byte[]>> reads = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final BlockRef ref = new BlockRef(0, 0, (long)thread * count + i, thread + 1, 0);
            final byte[] data = randomBytes(1 + random.nextInt(blockSize), random.nextLong());
            written.add(data);
            writes.add(client.writeInlineAsync(ref, 0, data));
            reads.add(client.readAsync(ref, 0, data.length));
        }
        for (int i = 0; i < count; i++)
        {
            writes.get(i).get(10, TimeUnit.SECONDS);
            assertArrayEquals(written.get(i), reads.get(i).get(10, TimeUnit.SECONDS), "block " + i);
        }
        return count;
    }

    @Test
    void shouldStartAndStopLargeArenaQuicklyAndAddressEveryWindow()
    {
        final int blockSize = 1024 * 1024;
        final long startNanos = System.nanoTime();
        try (StorageServer server = StorageServer.start(new StorageServerContext()
            .bindHost("127.0.0.1").dram("2560m").blockSize("1m"));
            BlockClient client = BlockClient.connect(server, clientTransport))
        {
            assertEquals(2560, server.tier().blockCount());
            final long[] blocks = {0, 1023, 1024, 2047, 2048, 2559};
            for (final long blockId : blocks)
            {
                client.write(new BlockRef(0, 0, blockId, 1, 0), 0, randomBytes(blockSize, blockId));
            }
            for (final long blockId : blocks)
            {
                assertArrayEquals(randomBytes(blockSize, blockId),
                    client.read(new BlockRef(0, 0, blockId, 1, 0), 0, blockSize), "block " + blockId);
            }
            final byte[] tail = client.read(new BlockRef(0, 0, 2559, 1, 0), blockSize - 3, 3);
            final byte[] expected = randomBytes(blockSize, 2559);
            assertArrayEquals(new byte[] {expected[blockSize - 3], expected[blockSize - 2], expected[blockSize - 1]},
                tail);
        }
        assertTrue(System.nanoTime() - startNanos < TimeUnit.SECONDS.toNanos(10), "large arena start/stop too slow");
    }

    @Test
    void shouldServeOverNioTransport()
    {
        try (StorageServer server = StorageServer.start(new StorageServerContext()
            .bindHost("127.0.0.1").transport("nio").ioThreads(1).dram("1m").blockSize("64k"));
            Transport nio = Transport.create(Transport.Kind.NIO, 1, "test-nio");
            BlockClient client = BlockClient.connect(server, nio))
        {
            final byte[] data = randomBytes(64 * 1024, 77);
            client.write(new BlockRef(0, 0, 15, 3, 0), 0, data);
            assertArrayEquals(data, client.read(new BlockRef(0, 0, 15, 3, 0), 0, data.length));
        }
    }

    @Test
    void shouldGiveUpRegisteringWithUnreachableController() throws Exception
    {
        final int freePort;
        try (ServerSocket probe = new ServerSocket(0))
        {
            freePort = probe.getLocalPort();
        }
        final StorageServerContext ctx = new StorageServerContext()
            .bindHost("127.0.0.1").dram("1m").controller("127.0.0.1:" + freePort).registerTimeoutMs(1200);

        final long startNanos = System.nanoTime();
        final ServiceUnavailableException ex =
            assertThrows(ServiceUnavailableException.class, () -> StorageServer.start(ctx));
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertTrue(ex.getMessage().contains("could not register with controller 127.0.0.1:" + freePort),
            ex.getMessage());
        assertTrue(elapsedMs >= 1000 && elapsedMs < 6000, "gave up after " + elapsedMs + " ms");
    }
}
