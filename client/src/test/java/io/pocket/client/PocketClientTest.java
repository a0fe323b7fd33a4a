package io.pocket.client;

import io.pocket.protocol.ControllerMessages.ClusterStatus;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PocketClientTest
{
    @Test
    void connectingToAClosedPortFailsQuickly() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final long start = System.nanoTime();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> PocketClient.connect("127.0.0.1:" + port));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 3000, "took " + ms + " ms");
        assertTrue(ex.getMessage().contains("127.0.0.1:" + port), ex.getMessage());
    }

    @Test
    void rejectsBadAddressesAndContexts()
    {
        assertThrows(InvalidArgumentException.class, () -> PocketClient.connect("nohost"));
        assertThrows(InvalidArgumentException.class, () -> PocketClient.connect(null, new ClientContext()));
        assertThrows(InvalidArgumentException.class, () -> PocketClient.connect("127.0.0.1:1", null));
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
            () -> PocketClient.connect("127.0.0.1:1", new ClientContext().readWindow(0)));
        assertTrue(ex.getMessage().startsWith(ClientContext.READ_WINDOW_PROP), ex.getMessage());
    }

    @Test
    void registersAttachesAndDeregistersJobs()
    {
        try (FakeCluster cluster = new FakeCluster(64 << 10, 2, 1000);
            PocketClient client = PocketClient.connect(cluster.address()))
        {
            final Job job = client.registerJob("sort", Hints.none().lambdas(4));
            assertTrue(job.id().startsWith("sort-"), job.id());
            final Job other = client.registerJob("sort", null);
            assertNotEquals(job.id(), other.id());

            final Job attached = client.attach(job.id());
            assertEquals(job.id(), attached.id());
            assertThrows(JobNotFoundException.class, () -> client.attach("nope-1"));

            final ClusterStatus status = client.status();
            assertEquals(2, status.jobs().size());

            job.deregister();
            assertThrows(IllegalStateException.class, () -> job.exists("x"));
            assertThrows(JobNotFoundException.class, attached::deregister);
            assertThrows(IllegalStateException.class, () -> attached.exists("x"));

            other.close();
            assertThrows(IllegalStateException.class, () -> other.put("x", new byte[1]));
        }
    }

    @Test
    void checksNamesBeforeAnyRequest()
    {
        try (FakeCluster cluster = new FakeCluster(64 << 10, 1, 1000);
            PocketClient client = PocketClient.connect(cluster.address()))
        {
            assertThrows(InvalidArgumentException.class, () -> client.registerJob("bad name", Hints.none()));
            assertThrows(InvalidArgumentException.class, () -> client.attach(""));
            final Job job = client.registerJob("names", Hints.none());
            assertThrows(InvalidArgumentException.class, () -> job.put("a/b/c", new byte[1]));
            assertThrows(InvalidArgumentException.class, () -> job.put("o", (byte[])null));
            assertThrows(InvalidArgumentException.class, () -> job.put("o", new byte[1], (PutOption)null));
            assertThrows(InvalidArgumentException.class, () -> job.get("/o"));
            assertThrows(InvalidArgumentException.class, () -> job.get("o", (java.nio.ByteBuffer)null));
            assertThrows(InvalidArgumentException.class, () -> job.createBucket("a/b"));
            assertThrows(InvalidArgumentException.class, () -> job.deleteBucket(""));
            assertThrows(InvalidArgumentException.class, () -> job.enumerate("a/"));
            assertThrows(InvalidArgumentException.class, () -> job.lookup(""));
            assertThrows(InvalidArgumentException.class, () -> job.openOutput("a//b"));
            assertEquals(0, cluster.unsealedCount());
        }
    }

    @Test
    void closedClientRefusesCalls()
    {
        try (FakeCluster cluster = new FakeCluster(64 << 10, 1, 1000))
        {
            final PocketClient client = PocketClient.connect(cluster.address());
            final Job job = client.registerJob("closing", Hints.none());
            client.close();
            client.close();
            assertThrows(IllegalStateException.class, client::status);
            assertThrows(IllegalStateException.class, () -> job.lookup("x"));
        }
    }
}
