package io.pocket.controlplane.system;

import io.pocket.client.GetOption;
import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.PocketException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.OutOfCapacityException;
import io.pocket.client.PocketClient;
import io.pocket.client.PutOption;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.protocol.ErrorCode;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.assertUsedEverywhere;
import static io.pocket.controlplane.system.DataPathFixture.awaitValue;
import static io.pocket.controlplane.system.DataPathFixture.blocks;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static io.pocket.controlplane.system.DataPathFixture.settledUsed;
import static io.pocket.controlplane.system.DataPathFixture.storageUsed;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where blocks go and that they come back: after deregistration, DELETE reads, delete(), failed
 * and abandoned puts, abandoned DELETE reads; PERSIST objects outlive their job. Every count is
 * checked in the metadata server's allocator (synchronous), the storage servers' counters
 * (FREE_BLOCKS is asynchronous: polled) and the controller's status (heartbeats: polled). Two
 * storage servers of 4 MiB (128 blocks of 64 KiB in all), heartbeats every 100 ms.
 */
class CapacitySystemTest
{
    static final int BLOCK = 64 * KIB;
    static final long TOTAL_BLOCKS = 2 * 4 * MIB / BLOCK;
    /** This class counts blocks, so small objects must not be kept inline at the metadata server. */
    static final ClientContext BLOCKS_ONLY = new ClientContext().inlineMaxBytes(0);

    @RegisterExtension
    static final ClusterResource CLUSTER = new ClusterResource(new LocalClusterContext().storageServers(2).dram(4L * MIB).blockSize(BLOCK)
        .heartbeatIntervalMs(100), BLOCKS_ONLY);

    @TempDir
    Path dir;

    private long base;


    @BeforeEach
    void quiet()
    {
        base = settledUsed(CLUSTER.cluster());
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        assertEquals(TOTAL_BLOCKS, CLUSTER.cluster().metadata().store().stats().totalBlocks());
    }

    @Test
    void deregisterReturnsCapacityToItsStart() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("dereg", Hints.none());
        job.createBucket("b");
        job.put("b/a", new byte[3 * BLOCK + 1]);
        job.put("top", new byte[1]);
        job.put("zero", new byte[0]);
        try (OutputStream out = job.openOutput("b/s"))
        {
            out.write(new byte[2 * BLOCK + BLOCK / 2]);
        }
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base + 4 + 1 + 0 + 3);

        final OutputStream unsealed = job.openOutput("open");
        unsealed.write(new byte[2 * BLOCK]);
        final InputStream pendingDelete = job.openInput("top", GetOption.DELETE);
        assertTrue(metadataAllocated(CLUSTER.cluster()) >= base + 4 + 1 + 3 + 2, "the unsealed stream holds blocks");
        awaitValue("blocks used on the storage servers once the unsealed stream's two blocks arrived", base + 10,
            () -> storageUsed(CLUSTER.cluster()));

        job.deregister();
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        assertThrows(JobNotFoundException.class, unsealed::close, "sealing in an ended job (no block left to send)");
        pendingDelete.close();
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
    }

    /**
     * A writer that sends a block after its job ended (or after its write was aborted or reclaimed)
     * must not leave that block counted as used on the storage server. Own CLUSTER.cluster(), so a leak here
     * does not spill into the other tests.
     */
    @Test
    void aBlockWrittenAfterItsJobEndedIsNotLeftUsedOnTheStorageServer() throws IOException
    {
        try (LocalCluster own = LocalCluster.start(new LocalClusterContext().storageServers(1).dram(MIB).blockSize(BLOCK));
            PocketClient lambda = PocketClient.connect(own.controllerAddress(), BLOCKS_ONLY))
        {
            final Job job = lambda.registerJob("late-write", Hints.none());
            final OutputStream late = job.openOutput("late");
            late.write(new byte[BLOCK + 1]);
            awaitValue("blocks used on the storage server while the stream is open", 1, () -> storageUsed(own));
            job.deregister();
            assertEquals(0, metadataAllocated(own));
            awaitValue("blocks used on the storage server after deregistration", 0, () -> storageUsed(own));

            // close sends the last block to a block freed with the job: the storage server refuses it as stale
            // (or, had the write raced ahead of the free, the seal fails because the job has ended)
            final PocketException refused = assertThrows(PocketException.class, late::close);
            assertTrue(refused instanceof JobNotFoundException || refused.code() == ErrorCode.STALE_BLOCK,
                "unexpected " + refused);
            assertEquals(0, metadataAllocated(own), "the metadata server owns every block");
            assertEquals(0, storageUsed(own), "a WRITE_BLOCK of a generation already freed by FREE_BLOCKS must not " +
                "make the storage server count a block the metadata server considers free");
        }
    }

    @Test
    void deleteReadsFreeRightAfterTheGet() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("delete-reads", Hints.none());
        final byte[] bytes = SeededContent.bytes(21, 10 * BLOCK - 3);
        for (int way = 0; way < 4; way++)
        {
            job.put("once", bytes);
            assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base + 10);
            switch (way)
            {
                case 0:
                    assertBytes(bytes, job.get("once", GetOption.DELETE), "get(DELETE)");
                    break;
                case 1:
                    final ByteBuffer dst = ByteBuffer.allocateDirect(bytes.length);
                    assertEquals(bytes.length, job.get("once", dst, GetOption.DELETE));
                    assertBytes(bytes, dst.flip(), "get(dst, DELETE)");
                    break;
                case 2:
                    final Path file = dir.resolve("once.bin");
                    assertEquals(bytes.length, job.get("once", file, GetOption.DELETE));
                    assertBytes(bytes, Files.readAllBytes(file), "get(file, DELETE)");
                    break;
                default:
                    try (InputStream in = job.openInput("once", GetOption.DELETE))
                    {
                        assertBytes(bytes, in.readAllBytes(), "openInput(DELETE)");
                    }
            }
            assertEquals(base, metadataAllocated(CLUSTER.cluster()), "blocks allocated right after DELETE read " + way);
            assertFalse(job.exists("once"));
            assertThrows(ObjectNotFoundException.class, () -> job.get("once", GetOption.DELETE));
            assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        }
        job.deregister();
    }

    @Test
    void deleteFrees()
    {
        final Job job = CLUSTER.client().registerJob("deletes", Hints.none());
        job.put("d", new byte[5 * BLOCK]);
        job.put("kept", new byte[BLOCK + 1]);
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base + 7);
        job.delete("d");
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base + 2);
        assertThrows(ObjectNotFoundException.class, () -> job.delete("d"));
        assertEquals(List.of(new ObjectInfo("kept", BLOCK + 1, false)), job.enumerate(""));
        job.delete("kept");
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        job.deregister();
    }

    @Test
    void outOfCapacityAbortsThePutAndFreesItsBlocks()
    {
        final Job job = CLUSTER.client().registerJob("full", Hints.none());
        final long free = TOTAL_BLOCKS - base;
        assertThrows(OutOfCapacityException.class, () -> job.put("huge", ByteBuffer.allocateDirect((int)(free + 1) * BLOCK)));
        assertFalse(job.exists("huge"), "nothing of a failed put stays visible");
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);

        final byte[] fits = SeededContent.bytes(22, (int)free * BLOCK);
        job.put("fits", fits);
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), TOTAL_BLOCKS);
        assertThrows(OutOfCapacityException.class, () -> job.put("one-more", new byte[1]));
        job.put("empty-still-fits", new byte[0]);
        assertBytes(fits, job.get("fits", GetOption.DELETE), "the object that filled the CLUSTER.cluster()");
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        job.put("huge", new byte[BLOCK]);
        job.deregister();
    }

    @Test
    void aFailedOutputStreamIsAbortedAndFreesItsBlocks() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("stream-full", Hints.none());
        final OutputStream out = job.openOutput("broken");
        final byte[] block = new byte[BLOCK];
        final OutOfCapacityException ex = assertThrows(OutOfCapacityException.class, () ->
        {
            for (long i = 0; i <= TOTAL_BLOCKS; i++)
            {
                out.write(block);
            }
        });
        assertTrue(ex == assertThrows(OutOfCapacityException.class, () -> out.write(1)), "the failure is thrown again");
        assertEquals(base, metadataAllocated(CLUSTER.cluster()), "the stream was aborted when it failed");
        out.close();
        assertThrows(IOException.class, () -> out.write(1));
        assertFalse(job.exists("broken"));
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        job.put("broken", new byte[3]);
        job.deregister();
    }

    @Test
    void anUnsealedWriteIsReclaimedWhenItsClientCloses() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("orphan", Hints.none());
        final PocketClient lambda = PocketClient.connect(CLUSTER.cluster().controllerAddress());
        final OutputStream orphan = lambda.attach(job.id()).openOutput("orphan");
        orphan.write(new byte[5 * BLOCK + 1]);
        assertTrue(metadataAllocated(CLUSTER.cluster()) >= base + 5, "the unsealed stream holds at least the blocks it sent");
        assertFalse(job.exists("orphan"));
        awaitValue("blocks used on the storage servers once the orphan's five blocks arrived", base + 5,
            () -> storageUsed(CLUSTER.cluster()));

        lambda.close();
        awaitValue("blocks allocated after the writer's CLUSTER.client() closed", base, () -> metadataAllocated(CLUSTER.cluster()));
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        job.put("orphan", new byte[2], PutOption.PERSIST);
        assertEquals(new ObjectInfo("orphan", 2, true), job.lookup("orphan"));
        job.delete("orphan");
        job.deregister();
    }

    @Test
    void aPendingDeleteReadIsReleasedWhenItsClientCloses() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("reader-gone", Hints.none());
        job.put("pending", new byte[20 * BLOCK]);
        final PocketClient lambda = PocketClient.connect(CLUSTER.cluster().controllerAddress());
        final InputStream in = lambda.attach(job.id()).openInput("pending", GetOption.DELETE);
        assertEquals(0, in.read());
        assertFalse(job.exists("pending"), "the DELETE read took the object");
        assertEquals(base + 20, metadataAllocated(CLUSTER.cluster()), "the blocks stay until the reader releases them");

        lambda.close();
        awaitValue("blocks allocated after the reader's CLUSTER.client() closed", base, () -> metadataAllocated(CLUSTER.cluster()));
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        job.deregister();
    }

    @Test
    void persistSurvivesDeregistration() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("persist", Hints.none());
        final byte[] kept = SeededContent.bytes(23, 3 * BLOCK + 5);
        job.createBucket("b");
        job.put("p", kept, PutOption.PERSIST);
        try (OutputStream out = job.openOutput("b/p2", PutOption.PERSIST))
        {
            out.write(7);
        }
        job.put("n", new byte[2 * BLOCK]);
        job.put("b/n", new byte[1]);
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base + 4 + 1 + 2 + 1);
        final String jobId = job.id();
        job.deregister();
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base + 4 + 1);

        final Job ended = CLUSTER.client().attach(jobId);
        assertBytes(kept, ended.get("p"), "persistent object after deregistration");
        assertEquals(new ObjectInfo("p", kept.length, true), ended.lookup("p"));
        assertThrows(ObjectNotFoundException.class, () -> ended.get("n"));
        assertThrows(ObjectNotFoundException.class, () -> ended.get("b/n"));
        assertFalse(ended.exists("n"));
        assertEquals(List.of(new ObjectInfo("b/p2", 1, true)), ended.enumerate("b"));
        assertThrows(JobNotFoundException.class, () -> ended.put("q", new byte[1]));
        assertThrows(JobNotFoundException.class, () -> ended.put("b/q", new byte[1], PutOption.PERSIST));
        assertThrows(JobNotFoundException.class, () -> ended.openOutput("q"));
        assertThrows(JobNotFoundException.class, () -> ended.createBucket("c"));
        assertThrows(JobNotFoundException.class, () -> CLUSTER.client().attach(jobId).deregister());

        ended.delete("p");
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base + 1);
        final ByteBuffer last = ended.get("b/p2", GetOption.DELETE);
        assertEquals(1, last.remaining());
        assertEquals(7, last.get(0));
        assertUsedEverywhere(CLUSTER.cluster(), CLUSTER.client(), base);
        assertThrows(JobNotFoundException.class, () -> ended.lookup("p"),
            "the metadata server forgets an ended job once its last persistent object is gone");
    }
}
