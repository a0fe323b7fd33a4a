package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.GetOption;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.awaitValue;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static io.pocket.controlplane.system.DataPathFixture.settledUsed;
import static io.pocket.controlplane.system.DataPathFixture.storageUsed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The edges of openOutput and openInput on a real cluster: empty and tiny streams hold only the
 * blocks they need, an input stream closed early releases its DELETE read, a block freed under a
 * reader is reported as a deleted object, and closed streams refuse use. Ported from the client
 * module's stream tests that used a hand-written imitation of the servers.
 */
class StreamEdgesSystemTest
{
    static final int BLOCK = 64 * KIB;

    @RegisterExtension
    static final ClusterResource CLUSTER = new ClusterResource(new LocalClusterContext().storageServers(2).dram(16L * MIB).blockSize(BLOCK));


    @Test
    void smallAndEmptyStreamsHoldOnlyTheBlocksTheyNeed() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("streams", Hints.none());
        final long before = metadataAllocated(CLUSTER.cluster());
        try (OutputStream out = job.openOutput("empty"))
        {
            out.flush();
        }
        assertEquals(before, metadataAllocated(CLUSTER.cluster()), "an empty stream holds no block");
        try (OutputStream out = job.openOutput("three"))
        {
            out.write(new byte[]{1, 2, 3});
        }
        assertEquals(before + 1, metadataAllocated(CLUSTER.cluster()), "surplus blocks are freed at seal");
        assertEquals(new ObjectInfo("empty", 0, false), job.lookup("empty"));
        try (InputStream in = job.openInput("empty"))
        {
            assertEquals(-1, in.read());
            assertEquals(0, in.available());
        }
        try (InputStream in = job.openInput("three"))
        {
            assertArrayEquals(new byte[]{1, 2, 3}, in.readAllBytes());
        }
        assertThrows(ObjectExistsException.class, () -> job.openOutput("three"));
        assertThrows(ObjectNotFoundException.class, () -> job.openInput("none"));
        assertThrows(ObjectNotFoundException.class, () -> job.openInput("none", GetOption.DELETE));
        job.deregister();
    }

    @Test
    void closingAnInputStreamEarlyReleasesADeleteRead() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("early-close", Hints.none());
        final long before = metadataAllocated(CLUSTER.cluster());
        final byte[] bytes = SeededContent.bytes(13, 20 * BLOCK);
        job.put("partial", bytes);
        try (InputStream in = job.openInput("partial", GetOption.DELETE))
        {
            assertEquals(bytes[0] & 0xFF, in.read());
            assertEquals(BLOCK - 1, in.available());
            assertFalse(job.exists("partial"), "a DELETE read takes the object out of the namespace at once");
        }
        assertEquals(before, metadataAllocated(CLUSTER.cluster()), "closing the stream released every block");
        job.deregister();
    }

    @Test
    void aBlockFreedUnderAReaderMeansTheObjectWasDeleted() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("racy", Hints.none());
        final long storageBefore = settledUsed(CLUSTER.cluster());
        final byte[] bytes = SeededContent.bytes(14, 5 * BLOCK);
        job.put("racy", bytes);
        try (PocketClient oneAhead = PocketClient.connect(CLUSTER.cluster().controllerAddress(), new ClientContext().readWindow(1));
            InputStream in = oneAhead.attach(job.id()).openInput("racy"))
        {
            assertEquals(bytes[0] & 0xFF, in.read(), "block 0 is read; block 1 is requested only when block 0 is done");
            job.delete("racy");
            awaitValue("blocks used on the storage servers after the delete", storageBefore, () -> storageUsed(CLUSTER.cluster()));
            final ObjectNotFoundException ex = assertThrows(ObjectNotFoundException.class, in::readAllBytes);
            assertEquals("object racy was deleted while it was being read", ex.getMessage());
            assertThrows(ObjectNotFoundException.class, in::read, "the failure is thrown again");
        }
        job.deregister();
    }

    @Test
    void streamsRefuseUseAfterClose() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("after-close", Hints.none());
        job.put("x", new byte[10]);
        final InputStream in = job.openInput("x");
        in.close();
        in.close();
        assertThrows(IOException.class, in::read);
        assertThrows(IOException.class, () -> in.read(new byte[4]));
        assertThrows(IOException.class, in::available);
        final OutputStream out = job.openOutput("y");
        out.close();
        out.close();
        assertThrows(IOException.class, () -> out.write(1));
        assertThrows(IOException.class, () -> out.write(new byte[3]));
        assertThrows(IOException.class, out::flush);
        assertEquals(new ObjectInfo("y", 0, false), job.lookup("y"));
        job.deregister();
    }
}
