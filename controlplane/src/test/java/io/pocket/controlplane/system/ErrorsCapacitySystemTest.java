package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.OutOfCapacityException;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.metadata.core.ServerStats;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pocket.controlplane.system.FailureFixture.BLOCK_SIZE;
import static io.pocket.controlplane.system.FailureFixture.assertBytes;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running out of capacity for real: one storage server of 1 MiB DRAM (16 blocks of 64 KiB). A put
 * or a stream that needs more fails with {@link OutOfCapacityException}, nothing of it stays
 * visible, and every block is free again on the metadata server and on the storage server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsCapacitySystemTest
{
    private static final long DRAM = 1L << 20;
    private static final long BLOCKS = DRAM / BLOCK_SIZE;

    private LocalCluster cluster;
    private PocketClient pocket;
    private StorageServer storage;
    private Job job;
    private int jobs;

    @BeforeAll
    void start()
    {
        cluster = FailureFixture.cluster(1, DRAM);
        // counts blocks: small objects must not be kept inline at the metadata server
        pocket = PocketClient.connect(cluster.controllerAddress(), new ClientContext().inlineMaxBytes(0));
        storage = cluster.storageServers().get(0);
        assertEquals(BLOCKS, stats().totalBlocks());
    }

    @AfterAll
    void stop()
    {
        pocket.close();
        cluster.close();
    }

    @AfterEach
    void deregister()
    {
        if (job != null)
        {
            job.deregister();
            job = null;
        }
        assertAllBlocksFree("after deregistration");
    }

    @Test
    void aPutTooLargeForTheClusterLeavesNothingBehind()
    {
        job = pocket.registerJob("full" + (++jobs), Hints.none());
        final OutOfCapacityException ex = assertFails(OutOfCapacityException.class,
            () -> job.put("huge", payload(1, 2 << 20)), job.id());

        assertFalse(job.exists("huge"), "a failed put is not visible: " + ex.getMessage());
        assertEquals(List.of(), job.enumerate(""));
        assertAllBlocksFree("after the failed put");

        final byte[] exactlyFull = payload(2, (int)DRAM);
        job.put("fits", exactlyFull);
        assertBytes(exactlyFull, job.get("fits"), "an object filling every block after the failed put");

        job.put("empty", new byte[0]);
        assertEquals(0, job.get("empty").remaining(), "an empty object needs no block, even in a full cluster");
        assertFails(OutOfCapacityException.class, () -> job.put("one", new byte[1]), job.id());
        assertFails(OutOfCapacityException.class, () -> job.openOutput("stream"), job.id());
        assertFalse(job.exists("one") || job.exists("stream"), "nothing of the refused writes is visible");
        job.delete("fits");
    }

    @Test
    void racingPutsThatOverflowTogetherLeaveOnlyWhatSucceeded() throws Exception
    {
        job = pocket.registerJob("full" + (++jobs), Hints.none());
        final int racers = 3;
        final int size = 12 * BLOCK_SIZE;
        final ExecutorService pool = Executors.newFixedThreadPool(racers);
        try
        {
            final List<Future<?>> puts = new ArrayList<>();
            for (int i = 0; i < racers; i++)
            {
                final int n = i;
                puts.add(pool.submit(() -> job.put("racer-" + n, payload(10 + n, size))));
            }
            int succeeded = 0;
            for (int i = 0; i < racers; i++)
            {
                try
                {
                    puts.get(i).get();
                    succeeded++;
                    assertBytes(payload(10 + i, size), job.get("racer-" + i), "racer-" + i + " that succeeded");
                }
                catch (final ExecutionException ex)
                {
                    assertEquals(OutOfCapacityException.class, ex.getCause().getClass(), "racer-" + i + ": " + ex.getCause());
                    assertFalse(job.exists("racer-" + i), "racer-" + i + " failed, so it is not visible");
                }
            }
            assertTrue(succeeded <= 1, "16 blocks hold at most one object of 12 blocks, got " + succeeded);
            awaitFreeBlocks(BLOCKS - 12L * succeeded, "only the blocks of the put that succeeded stay allocated");
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aConnectionClosedForGarbageGivesBackItsUnsealedWrite() throws IOException
    {
        job = pocket.registerJob("full" + (++jobs), Hints.none());
        try (FailureRawConnection raw = new FailureRawConnection(cluster.metadata().address()))
        {
            final byte[] create = FailureRawConnection.frame(Opcodes.CREATE_OBJECT, 0, 2, FailureRawConnection.concat(
                FailureRawConnection.str(job.id()), FailureRawConnection.str("raw"),
                FailureRawConnection.littleEndianInt(0), FailureRawConnection.littleEndianInt(4)));
            assertTrue(raw.send(FailureRawConnection.concat(FailureRawConnection.validHello(), create)));
            raw.awaitBytes(2 * FrameHeader.HEADER_LENGTH + 2 + 16 + 4 * 32, FailureFixture.POLL_TIMEOUT_MS);
            assertEquals(BLOCKS - 4, stats().freeBlocks(), "the raw client's unsealed write holds 4 blocks");
            assertFails(ObjectExistsException.class, () -> job.put("raw", payload(5, 10)), "object raw exists");

            raw.send(new byte[] {(byte)0xff, (byte)0xff, (byte)0xff, 0x7f, 1, 2, 3});
            raw.awaitClosedByPeer(FailureFixture.POLL_TIMEOUT_MS);
        }
        FailureFixture.awaitTrue("the metadata server reclaims the closed connection's unsealed write",
            FailureFixture.POLL_TIMEOUT_MS, () -> stats().freeBlocks() == BLOCKS);
        assertFalse(job.exists("raw"));
        job.put("raw", payload(6, 10));
        job.delete("raw");
    }

    @Test
    void anOutputStreamRunningOutOfCapacityFailsAndLeavesNothingBehind() throws IOException
    {
        job = pocket.registerJob("full" + (++jobs), Hints.none());
        final byte[] kept = payload(3, 3 * BLOCK_SIZE);
        job.put("kept", kept);

        final OutputStream out = job.openOutput("stream");
        final byte[] chunk = payload(4, BLOCK_SIZE / 2);
        final OutOfCapacityException ex = assertFails(OutOfCapacityException.class, () ->
        {
            for (int i = 0; i < 4 * BLOCKS; i++)
            {
                out.write(chunk);
            }
            out.close();
        }, job.id());
        assertSame(ex, assertThrows(OutOfCapacityException.class, () -> out.write(1)),
            "a failed stream keeps throwing its first failure");
        out.close();

        assertFalse(job.exists("stream"), "the failed stream's object is not visible");
        assertEquals(List.of(new ObjectInfo("kept", kept.length, false)), job.enumerate(""));
        awaitFreeBlocks(BLOCKS - 3, "only the 3 blocks of 'kept' stay allocated after the failed stream");
        assertBytes(kept, job.get("kept"), "the object put before the failed stream");
    }

    private ServerStats stats()
    {
        return FailureFixture.metadataStats(cluster, storage.serverId());
    }

    private void assertAllBlocksFree(final String when)
    {
        awaitFreeBlocks(BLOCKS, "every block is free " + when);
    }

    /** The metadata server's count is exact at once; the storage server's follows FREE_BLOCKS, sent asynchronously. */
    private void awaitFreeBlocks(final long free, final String what)
    {
        assertEquals(free, stats().freeBlocks(), "metadata server: " + what);
        assertEquals(BLOCKS - free, stats().allocatedBlocks(), "metadata server: " + what);
        FailureFixture.awaitTrue("storage server: " + what + " (used " + storage.tier().usedBlocks() + ")",
            FailureFixture.POLL_TIMEOUT_MS, () -> storage.tier().usedBlocks() == BLOCKS - free);
    }
}
