package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.DataUnavailableException;
import io.pocket.client.GetOption;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.StorageServer;
import io.pocket.dataplane.StorageServerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.awaitTrue;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storage server that goes silent in the middle of a job: a real storage server advertised at
 * 127.0.0.2 behind a {@link StallingRelay}, next to the cluster's own server of a single block,
 * so nearly every block lands behind the relay. With a 300 ms request timeout, a put fails within
 * one timeout (not one per block) and is aborted, and a DELETE read fails with
 * DataUnavailableException and still releases the object's blocks.
 */
class StorageTimeoutSystemTest
{
    static final int BLOCK = 64 * KIB;
    static final int TIMEOUT_MS = 300;

    /** Well above one timeout plus the abort, well below the 8 x 300 ms of a timeout per block in the window. */
    static final long MAX_FAILURE_MS = 2_000;

    private static LocalCluster cluster;
    private static StorageServer relayed;
    private static StallingRelay relay;
    private static PocketClient client;
    private static PocketClient impatient;
    private static String relayedAddress;

    @BeforeAll
    static void startCluster() throws IOException
    {
        cluster = LocalCluster.start(new LocalClusterContext().storageServers(1).dram(BLOCK).blockSize(BLOCK));
        relayed = StorageServer.start(new StorageServerContext()
            .controller(cluster.controllerAddress())
            .bindHost("127.0.0.1")
            .advertiseHost("127.0.0.2")
            .port(0)
            .dram(16L * MIB)
            .blockSize(BLOCK));
        relay = new StallingRelay("127.0.0.2", relayed.port(), "127.0.0.1", relayed.port());
        relayedAddress = "127.0.0.2:" + relayed.port();
        awaitTrue("the relayed storage server offering its blocks",
            () -> cluster.metadata().store().stats().servers().size() == 2);
        client = PocketClient.connect(cluster.controllerAddress());
        impatient = PocketClient.connect(cluster.controllerAddress(),
            new ClientContext().requestTimeoutMs(TIMEOUT_MS).connectTimeoutMs(TIMEOUT_MS));
    }

    @AfterAll
    static void stopCluster()
    {
        for (final AutoCloseable closeable : new AutoCloseable[]{impatient, client, relayed, relay, cluster})
        {
            try
            {
                if (closeable != null)
                {
                    closeable.close();
                }
            }
            catch (final Exception ex)
            {
                throw new AssertionError("closing " + closeable + " failed", ex);
            }
        }
    }

    @AfterEach
    void resume()
    {
        relay.resume();
    }

    @Test
    void aPutToASilentStorageServerTimesOutWithinOneTimeoutAndIsAborted()
    {
        final Job job = impatient.registerJob("silent-put", Hints.none());
        job.put("warm-up", new byte[3 * BLOCK]);
        final long before = metadataAllocated(cluster);

        relay.stall();
        final long start = System.nanoTime();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> job.put("slow", ByteBuffer.allocateDirect(20 * BLOCK)));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("storage server " + relayedServerId() + " at " + relayedAddress + " did not answer within " +
            TIMEOUT_MS + " ms", ex.getMessage());
        assertTrue(ms < MAX_FAILURE_MS, "a window of silent writes costs one timeout, took " + ms + " ms");
        assertFalse(job.exists("slow"), "nothing of a timed-out put is visible");
        assertEquals(before, metadataAllocated(cluster), "the timed-out put was aborted and its blocks freed");

        relay.resume();
        final byte[] bytes = SeededContent.bytes(31, 20 * BLOCK);
        final Job same = client.attach(job.id());
        same.put("slow", bytes);
        assertBytes(bytes, same.get("slow", GetOption.DELETE), "the name of the aborted put is free again");
        same.deregister();
    }

    @Test
    void aDeleteReadFromASilentStorageServerIsUnavailableAndStillReleasesTheObject()
    {
        final Job job = client.registerJob("silent-get", Hints.none());
        final long before = metadataAllocated(cluster);
        final byte[] bytes = SeededContent.bytes(32, 20 * BLOCK);
        job.put("stalled", bytes);
        final Job reader = impatient.attach(job.id());
        assertBytes(bytes, reader.get("stalled"), "read before the stall");

        relay.stall();
        final long start = System.nanoTime();
        final DataUnavailableException ex = assertThrows(DataUnavailableException.class,
            () -> reader.get("stalled", GetOption.DELETE));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("object stalled of job " + job.id() + " is unavailable: storage server " + relayedServerId() +
            " at " + relayedAddress + " cannot be reached", ex.getMessage());
        assertTrue(ex.getCause().getMessage().endsWith("did not answer within " + TIMEOUT_MS + " ms"),
            ex.getCause().getMessage());
        assertTrue(ms < MAX_FAILURE_MS, "a window of silent reads costs one timeout, took " + ms + " ms");
        assertFalse(job.exists("stalled"), "a DELETE read consumes the object even when it fails");
        assertEquals(before, metadataAllocated(cluster), "the failed DELETE read released the object's blocks");
        job.deregister();
    }

    private static int relayedServerId()
    {
        return relayed.serverId();
    }
}
