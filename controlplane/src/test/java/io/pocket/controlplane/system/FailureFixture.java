package io.pocket.controlplane.system;

import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.controlplane.metadata.core.ServerStats;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared helpers of the failure system tests: small real clusters, deterministic payloads,
 * typed-exception assertions that also check what the message names, and polling with a deadline.
 */
final class FailureFixture
{
    static final int BLOCK_SIZE = 64 * 1024;
    static final long POLL_TIMEOUT_MS = 10_000;

    private FailureFixture()
    {
    }

    /** A cluster of {@code storageServers} servers with {@code dram} bytes each and 64 KiB blocks. */
    static LocalCluster cluster(final int storageServers, final long dram)
    {
        return LocalCluster.start(new LocalClusterContext()
            .storageServers(storageServers)
            .dram(dram)
            .blockSize(BLOCK_SIZE));
    }

    /** Deterministic bytes: the same seed and size always give the same payload. */
    static byte[] payload(final long seed, final int size)
    {
        final byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] bytesOf(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static void assertBytes(final byte[] expected, final ByteBuffer actual, final String what)
    {
        assertEquals(expected.length, actual.remaining(), what + ": size");
        assertArrayEquals(expected, bytesOf(actual), what + ": bytes differ");
    }

    /**
     * Runs {@code call}, which must throw exactly {@code type} (not a subclass) whose message
     * contains every one of {@code named}.
     */
    static <T extends Throwable> T assertFails(
        final Class<T> type, final Executable call, final String... named)
    {
        final Throwable thrown = assertThrows(Throwable.class, call, "expected " + type.getSimpleName());
        if (thrown.getClass() != type)
        {
            throw new AssertionError("expected exactly " + type.getName() + " but got " + thrown, thrown);
        }
        final String message = String.valueOf(thrown.getMessage());
        for (final String part : named)
        {
            assertTrue(message.contains(part), "message of " + type.getSimpleName() + " should name '" + part +
                "': " + message);
        }
        assertFalse(message.contains("\n"), "message should be one line: " + message);
        return type.cast(thrown);
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeoutMs}. */
    static void awaitTrue(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out after " + timeoutMs + " ms waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** The controller's view of one storage server, or null if it does not list it. */
    static ServerStatus serverStatus(final PocketClient client, final int serverId)
    {
        for (final ServerStatus s : client.status().servers())
        {
            if (s.serverId() == serverId)
            {
                return s;
            }
        }
        return null;
    }

    /** The metadata server's accounting of one storage server. */
    static ServerStats metadataStats(final LocalCluster cluster, final int serverId)
    {
        final ServerStats stats = cluster.metadata().store().stats().server(serverId);
        if (stats == null)
        {
            fail("the metadata server does not know storage server " + serverId);
        }
        return stats;
    }

    /** A loopback port nobody listens on (bound, then released). */
    static int unusedPort()
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("no free port", ex);
        }
    }
}
