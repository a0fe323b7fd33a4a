package io.pocket.dataplane;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storage server's byte streams under load, once per Netty transport (each subclass names one): many connections
 * spread over both event loops pipeline WRITE_BLOCKs and READ_BLOCKs around the placement threshold and the block
 * boundaries, half over plain sockets whose streams are cut at random points, often inside a header
 * ({@link CutStreamConnection}), half through the client's pipelined blocking connections with quiet writes
 * ({@link PipelinedStressConnection}), while busy threads starve the CPU. Every answer and every byte read back is
 * checked: a misframed stream, a byte placed where its frame did not say, or a connection the server closed fails it.
 * A transport that cannot load here is skipped, saying why.
 */
abstract class PlacementStressTest
{
    private static final int BLOCK = 64 * 1024;
    private static final int CONNECTIONS = 12;
    private static final int BLOCKS_PER_CONNECTION = 6;
    private static final int BUSY_THREADS = 4;
    private static final long LOAD_MS = 6_000;
    private static final long GRACE_MS = 30_000;
    private static final int MIN_ROUNDS = 5;

    /** One connection's client: a round sends a batch of requests and checks all their answers. */
    interface StressConnection
    {
        void round() throws Exception;

        /** Closes the connection: by the thread that used it, once done with it. */
        void close() throws Exception;

        /** Breaks the connection off, from any thread: a round blocked on it fails. */
        void abort() throws Exception;
    }

    /** The storage server's event loops. */
    abstract Transport.Kind transport();

    @Test
    @Timeout(120)
    void everyByteLandsWhereItsFrameSaysOnEveryConnectionUnderStarvation() throws Exception
    {
        assumeAvailable(transport());
        try (StorageServer server = StorageServer.start(new StorageServerContext().bindHost("127.0.0.1")
            .transport(transport()).ioThreads(2).dram((long)CONNECTIONS * BLOCKS_PER_CONNECTION * BLOCK)
            .blockSize(BLOCK)))
        {
            final List<StressConnection> connections = new ArrayList<>();
            final ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            try
            {
                for (int c = 0; c < CONNECTIONS; c++)
                {
                    final StressBlocks blocks =
                        new StressBlocks((long)c * BLOCKS_PER_CONNECTION, BLOCKS_PER_CONNECTION, BLOCK, 31L * c + 7);
                    final String name = transport() + " connection " + c;
                    connections.add(c % 2 == 0 ? new CutStreamConnection(name, server.port(), blocks) :
                        new PipelinedStressConnection(name, server.port(), server.context().maxFrameLength(), blocks));
                }
                final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOAD_MS);
                final List<Future<Integer>> rounds = new ArrayList<>();
                try (BusyThreads busy = BusyThreads.start(BUSY_THREADS, deadlineNs))
                {
                    for (final StressConnection connection : connections)
                    {
                        rounds.add(pool.submit(() -> roundsUntil(connection, deadlineNs)));
                    }
                    assertRounds(rounds, deadlineNs);
                }
            }
            finally
            {
                pool.shutdownNow();
                for (final StressConnection connection : connections)
                {
                    connection.abort();
                }
                pool.awaitTermination(GRACE_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static int roundsUntil(final StressConnection connection, final long deadlineNs) throws Exception
    {
        try
        {
            int rounds = 0;
            while (System.nanoTime() - deadlineNs < 0)
            {
                connection.round();
                rounds++;
            }
            return rounds;
        }
        finally
        {
            connection.close();
        }
    }

    /** Fails with every connection's failure, or if a connection did too few rounds to prove anything. */
    private static void assertRounds(final List<Future<Integer>> rounds, final long deadlineNs) throws Exception
    {
        final long waitUntil = deadlineNs + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
        AssertionError failure = null;
        final List<Integer> done = new ArrayList<>();
        for (final Future<Integer> connection : rounds)
        {
            try
            {
                done.add(connection.get(Math.max(1, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            catch (final ExecutionException ex)
            {
                if (null == failure)
                {
                    failure = new AssertionError("a connection failed (see the suppressed failures for the others)",
                        ex.getCause());
                }
                else
                {
                    failure.addSuppressed(ex.getCause());
                }
            }
        }
        if (null != failure)
        {
            throw failure;
        }
        for (final int count : done)
        {
            assertTrue(count >= MIN_ROUNDS, "rounds per connection " + done + ", at least " + MIN_ROUNDS + " each");
        }
    }

    private static void assumeAvailable(final Transport.Kind kind)
    {
        if (kind == Transport.Kind.EPOLL)
        {
            Assumptions.assumeTrue(Epoll.isAvailable(), "epoll unavailable: " + Epoll.unavailabilityCause());
        }
        else if (kind == Transport.Kind.IO_URING)
        {
            Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring unavailable: " + IoUring.unavailabilityCause());
        }
    }
}
