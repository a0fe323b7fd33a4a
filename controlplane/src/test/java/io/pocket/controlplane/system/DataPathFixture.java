package io.pocket.controlplane.system;

import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierUsage;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Helpers of the data-path system tests: the three views of used capacity (the metadata server's
 * allocator, the storage servers' own counters, the controller's status fed by heartbeats) and
 * polling with a deadline for the two that are updated asynchronously.
 */
final class DataPathFixture
{
    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;

    /** How long asynchronous effects (FREE_BLOCKS, heartbeats) may take to show. */
    static final long SETTLE_MS = 10_000;

    private DataPathFixture()
    {
    }

    /** Blocks an object of {@code size} bytes occupies. */
    static long blocks(final long size, final int blockSize)
    {
        return (size + blockSize - 1) / blockSize;
    }

    /** Blocks handed out by the metadata server (on live storage servers), unsealed writes included. */
    static long metadataAllocated(final LocalCluster cluster)
    {
        return cluster.metadata().store().stats().allocatedBlocks();
    }

    /** Blocks holding data according to the running storage servers themselves. */
    static long storageUsed(final LocalCluster cluster)
    {
        long used = 0;
        for (final StorageServer server : cluster.storageServers())
        {
            if (!server.tier().isClosed())
            {
                used += server.tier().usedBlocks();
            }
        }
        return used;
    }

    /** Blocks holding data according to the controller's status of live servers (last heartbeats). */
    static long statusUsed(final PocketClient client)
    {
        long used = 0;
        for (final ServerStatus server : client.status().servers())
        {
            if (server.alive())
            {
                for (final TierUsage tier : server.tiers())
                {
                    used += tier.usedBlocks();
                }
            }
        }
        return used;
    }

    /** Polls until {@code actual} equals {@code expected}; fails with the last value after {@link #SETTLE_MS}. */
    static void awaitValue(final String what, final long expected, final LongSupplier actual)
    {
        final long deadline = System.nanoTime() + SETTLE_MS * 1_000_000L;
        long last = actual.getAsLong();
        while (last != expected)
        {
            if (System.nanoTime() > deadline)
            {
                assertEquals(expected, last, what + " did not reach " + expected + " within " + SETTLE_MS + " ms");
            }
            pause();
            last = actual.getAsLong();
        }
    }

    /** Polls until {@code condition} holds; fails after {@link #SETTLE_MS}. */
    static void awaitTrue(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + SETTLE_MS * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail(what + " did not happen within " + SETTLE_MS + " ms");
            }
            pause();
        }
    }

    /**
     * Waits until all three views agree that {@code used} blocks hold data: the metadata server at
     * once (its frees are synchronous), the storage servers and the controller after polling.
     */
    static void assertUsedEverywhere(final LocalCluster cluster, final PocketClient client, final long used)
    {
        assertEquals(used, metadataAllocated(cluster), "blocks allocated by the metadata server");
        awaitValue("blocks used on the storage servers", used, () -> storageUsed(cluster));
        awaitValue("blocks used in the controller's status", used, () -> statusUsed(client));
    }

    /**
     * The used blocks once the cluster is quiet: waits until the storage servers' counters agree
     * with the metadata server (frees of earlier tests have arrived) and returns that count.
     */
    static long settledUsed(final LocalCluster cluster)
    {
        awaitTrue("storage servers agreeing with the metadata server",
            () -> storageUsed(cluster) == metadataAllocated(cluster));
        return metadataAllocated(cluster);
    }

    private static void pause()
    {
        try
        {
            Thread.sleep(10);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", ex);
        }
    }
}
