package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.DataUnavailableException;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.StorageServer;
import io.pocket.dataplane.StorageServerContext;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.pocket.controlplane.system.FailureFixture.BLOCK_SIZE;
import static io.pocket.controlplane.system.FailureFixture.POLL_TIMEOUT_MS;
import static io.pocket.controlplane.system.FailureFixture.assertBytes;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureFixture.awaitTrue;
import static io.pocket.controlplane.system.FailureFixture.payload;
import static io.pocket.controlplane.system.FailureFixture.serverStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures of the control plane that must cost no data: a pause of the whole process (the controller's clock
 * jumps), a storage server cut off from the controller for longer than the loss timeout (declared lost, then
 * back as the same process), and a restart of the controller. Each puts objects first and reads every one back
 * byte for byte at the end.
 */
class ControlPlaneFailureSystemTest
{
    private static final int HEARTBEAT_MS = 200;
    private static final long LOST_AFTER_MS = 1_000;

    private final AtomicLong pausedMs = new AtomicLong();
    private final Map<String, byte[]> objects = new LinkedHashMap<>();
    private LocalCluster cluster;
    private PocketClient pocket;
    private StallingRelay relay;
    private StorageServer cutOff;

    @AfterEach
    void stop()
    {
        if (pocket != null)
        {
            pocket.close();
        }
        if (cutOff != null)
        {
            cutOff.close();
        }
        if (cluster != null)
        {
            cluster.close();
        }
        if (relay != null)
        {
            relay.close();
        }
    }

    private void start(final int storageServers)
    {
        cluster = LocalCluster.start(new LocalClusterContext()
            .storageServers(storageServers)
            .dram(32L << 20)
            .blockSize(BLOCK_SIZE)
            .heartbeatIntervalMs(HEARTBEAT_MS)
            .lostAfterMs(LOST_AFTER_MS)
            .controllerClock(() -> System.nanoTime() / 1_000_000 + pausedMs.get()));
        pocket = PocketClient.connect(cluster.controllerAddress(), new ClientContext().inlineMaxBytes(0));
    }

    private Job putObjects(final String jobName, final int count)
    {
        final Job job = pocket.registerJob(jobName, Hints.none());
        job.createBucket("b");
        for (int i = 0; i < count; i++)
        {
            final int size = i % 4 == 0 ? 3 * BLOCK_SIZE + 17 : i % 4 == 1 ? BLOCK_SIZE : 1 + i * 311;
            final String name = "b/" + jobName + "-" + i;
            final byte[] bytes = payload(jobName.hashCode() * 1000L + i, size);
            job.put(name, ByteBuffer.wrap(bytes));
            objects.put(name, bytes);
        }
        return job;
    }

    private void assertEveryObject(final Job job)
    {
        for (final Map.Entry<String, byte[]> object : objects.entrySet())
        {
            assertBytes(object.getValue(), job.get(object.getKey()), object.getKey());
        }
    }

    @Test
    void aPauseOfTheWholeProcessLosesNothing()
    {
        start(2);
        final Job job = putObjects("paused", 24);

        pausedMs.addAndGet(30 * LOST_AFTER_MS);
        assertEquals(0, cluster.controller().checkLiveness(), "the controller's own pause is no server's silence");
        for (final ServerStatus server : pocket.status().servers())
        {
            assertTrue(server.alive(), server.toString());
        }
        assertEveryObject(job);
    }

    @Test
    void aServerSilentForTwiceTheLossTimeoutIsLostThenBackWithEveryObject() throws Exception
    {
        start(1);
        final int relayPort = FailureFixture.unusedPort();
        relay = new StallingRelay("127.0.0.1", relayPort, "127.0.0.1", cluster.controller().port());
        cutOff = StorageServer.start(new StorageServerContext()
            .controller("127.0.0.1:" + relayPort)
            .bindHost("127.0.0.1")
            .advertiseHost("127.0.0.1")
            .port(0)
            .dram(32L << 20)
            .blockSize(BLOCK_SIZE)
            .requestTimeoutMs(1_000));
        final int id = cutOff.serverId();
        final Job job = putObjects("cut", 32);

        relay.stall();
        awaitTrue("server " + id + " is declared lost", POLL_TIMEOUT_MS, () -> !serverStatus(pocket, id).alive());
        try (PocketClient impatient = PocketClient.connect(cluster.controllerAddress(),
            new ClientContext().inlineMaxBytes(0).unavailableWaitMs(0));
            Job sameJob = impatient.attach(job.id()))
        {
            final String onIt = firstObjectOn(sameJob, id);
            assertFails(DataUnavailableException.class, () -> sameJob.get(onIt), onIt, "storage server " + id);

            // a get with the default wait started while the server is lost returns the object once it is back
            final CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> job.get(onIt));
            relay.resume();
            assertBytes(objects.get(onIt), waiting.get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS), onIt);
        }
        awaitTrue("server " + id + " is back", POLL_TIMEOUT_MS, () -> serverStatus(pocket, id).alive());
        assertEquals(id, cutOff.serverId(), "the same process keeps its id");
        assertEveryObject(job);
    }

    /** The name of an object with a block on server {@code id}: reading it fails while that server is lost. */
    private String firstObjectOn(final Job job, final int id)
    {
        for (final String name : objects.keySet())
        {
            try
            {
                job.get(name);
            }
            catch (final DataUnavailableException ex)
            {
                return name;
            }
        }
        throw new AssertionError("no object has a block on storage server " + id);
    }

    @Test
    void aRestartOfTheControllerLosesNothing()
    {
        start(2);
        final Job job = putObjects("before", 24);
        final String jobId = job.id();

        cluster.restartController();
        awaitTrue("the restarted controller knows the cluster again", POLL_TIMEOUT_MS, () ->
        {
            final ClusterStatus status = pocket.status();
            return status.metadataAddresses().size() == 1 && status.servers().size() == 2 &&
                status.servers().stream().allMatch(ServerStatus::alive) &&
                status.jobs().stream().anyMatch(j -> j.jobId().equals(jobId));
        });
        assertEveryObject(job);

        final Job next = pocket.registerJob("after", Hints.none());
        next.createBucket("b");
        final byte[] bytes = payload(7, 2 * BLOCK_SIZE + 5);
        next.put("b/x", ByteBuffer.wrap(bytes));
        assertBytes(bytes, next.get("b/x"), "b/x of the job registered after the restart");
        try (Job attached = pocket.attach(jobId))
        {
            assertEveryObject(attached);
        }
        job.deregister();
        next.deregister();
    }
}
