package io.pocket.controlplane.controller;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.OutOfCapacityException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobInfo;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ControllerMessages.TierUsage;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.Opcodes;
import io.pocket.protocol.WeightEntry;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerTest
{
    private ControllerFixture f;
    private TestControllerClient client;

    @BeforeEach
    void start()
    {
        f = new ControllerFixture();
        client = f.client;
    }

    @AfterEach
    void stop()
    {
        f.close();
    }

    @Test
    void storageServerBeforeAnyMetadataServerIsToldToRetry()
    {
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> client.registerStorage("127.0.0.1", 7001, true, 100));
        assertEquals("no metadata server registered yet", ex.getMessage());
    }

    @Test
    void registersMetadataThenStorageServers()
    {
        assertEquals(1, client.registerMetadata(f.metadata.address()));

        final StorageRegistered first = client.registerStorage("127.0.0.1", 7001, true, 100);
        final StorageRegistered second = client.registerStorage("127.0.0.1", 7002, false, 50);
        assertEquals(1, first.serverId());
        assertEquals(2, second.serverId());
        assertEquals(1000, first.heartbeatIntervalMs());
        assertEquals(List.of(f.metadata.address()), first.metadataAddresses());

        assertEquals(0, client.heartbeat(1, 0.25, 10, 90));

        final ClusterStatus status = client.status();
        assertEquals(List.of(f.metadata.address()), status.metadataAddresses());
        assertEquals(2, status.servers().size());
        final ServerStatus reported = status.servers().get(0);
        assertEquals(new ServerStatus(1, "127.0.0.1:7001", true, true, 0.25, 1000, 2000,
            List.of(new TierUsage(0, TestControllerClient.BLOCK_SIZE, 10, 90))), reported);
        final ServerStatus silent = status.servers().get(1);
        assertEquals(new ServerStatus(2, "127.0.0.1:7002", true, false, 0.0, 0, 0,
            List.of(new TierUsage(0, TestControllerClient.BLOCK_SIZE, 0, 50))), silent);
    }

    @Test
    void badRegistrationsAreInvalidArguments()
    {
        assertThrows(InvalidArgumentException.class, () -> client.registerMetadata("no-port"));
        client.registerMetadata(f.metadata.address());
        assertThrows(InvalidArgumentException.class, () -> client.registerStorage("127.0.0.1", 0, true, 100));
        assertThrows(InvalidArgumentException.class, () -> client.registerStorage("", 7001, true, 100));
    }

    @Test
    void jobGetsEqualWeightsOverLiveServersAndItsMetadataServerCreatesIt() throws Exception
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);
        client.registerStorage("127.0.0.1", 7002, true, 100);

        final JobInfo job = client.registerJob("sort", 10, 1 << 30, 0);
        final List<WeightEntry> expected = List.of(new WeightEntry(1, 0.5), new WeightEntry(2, 0.5));
        assertEquals("sort-1", job.jobId());
        assertEquals("sort", job.name());
        assertEquals(f.metadata.address(), job.metadataAddress());
        assertEquals(expected, job.weights());
        assertEquals(new JobWeights("sort-1", expected, List.of(0)), f.metadata.nextCreatedJob(),
            "latency-sensitive on a DRAM-only cluster: DRAM");

        assertEquals(job, client.attachJob("sort-1"));
        assertEquals("video-2", client.registerJob("video").jobId());
    }

    @Test
    void invalidJobNamesAndHintsAreRefused()
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);

        for (final String name : new String[]{"", "has space", "a/b", "x".repeat(65), "é"})
        {
            final InvalidArgumentException ex =
                assertThrows(InvalidArgumentException.class, () -> client.registerJob(name));
            assertTrue(ex.getMessage().startsWith("job name must be"), ex.getMessage());
        }
        assertEquals("lambdas must be >= 0, got -1",
            assertThrows(InvalidArgumentException.class, () -> client.registerJob("j", -1, 0, 0)).getMessage());
        assertEquals("capacity must be >= 0, got -5",
            assertThrows(InvalidArgumentException.class, () -> client.registerJob("j", 0, -5, 0)).getMessage());
        assertEquals("throughput must be >= 0, got -7",
            assertThrows(InvalidArgumentException.class, () -> client.registerJob("j", 0, 0, -7)).getMessage());
        assertEquals("a.B_c-9-1", client.registerJob("a.B_c-9").jobId(), "refused registrations use no job id");
        assertTrue(f.metadata.createdJobs.stream().allMatch(j -> j.jobId().startsWith("a.B_c-9")));
    }

    @Test
    void attachingAnUnknownJobFails()
    {
        final JobNotFoundException ex = assertThrows(JobNotFoundException.class, () -> client.attachJob("nope-1"));
        assertEquals("no job nope-1", ex.getMessage());
    }

    @Test
    void deregisteringFreesTheJobOnItsMetadataServerAndEndsIt() throws Exception
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);
        final String jobId = client.registerJob("sort").jobId();

        client.deregisterJob(jobId);
        assertEquals(jobId, f.metadata.nextFreedJob());
        // an ended job can still be attached, to read and delete its PERSIST objects, but not ended again
        assertEquals(jobId, client.attachJob(jobId).jobId());
        final JobNotFoundException again = assertThrows(JobNotFoundException.class, () -> client.deregisterJob(jobId));
        assertEquals("job " + jobId + " has ended", again.getMessage());
        assertTrue(client.status().jobs().isEmpty());
    }

    @Test
    void aFailedFreeKeepsTheJob() throws Exception
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);
        final String jobId = client.registerJob("sort").jobId();

        f.metadata.failFreeJob = ErrorCode.SERVICE_UNAVAILABLE;
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> client.deregisterJob(jobId));
        assertTrue(ex.getMessage().contains(f.metadata.address()) && ex.getMessage().contains("disk on fire"),
            ex.getMessage());
        assertEquals(jobId, client.attachJob(jobId).jobId());

        f.metadata.failFreeJob = null;
        client.deregisterJob(jobId);
        assertEquals(jobId, f.metadata.nextFreedJob());
        assertThrows(JobNotFoundException.class, () -> client.deregisterJob(jobId));
    }

    @Test
    void noStorageServerYetIsAServiceNotYetAvailable()
    {
        client.registerMetadata(f.metadata.address());
        final ServiceUnavailableException ex =
            assertThrows(ServiceUnavailableException.class, () -> client.registerJob("sort"));
        assertEquals("no storage server registered yet", ex.getMessage());
    }

    @Test
    void noLiveStorageServerMeansNoCapacity()
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);
        assertTrue(f.controller.drain(1));
        final OutOfCapacityException ex = assertThrows(OutOfCapacityException.class, () -> client.registerJob("sort"));
        assertEquals("no storage server is available", ex.getMessage());
    }

    @Test
    void jobsNeedAReachableMetadataServer()
    {
        assertThrows(ServiceUnavailableException.class, () -> client.registerJob("sort"));

        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);
        f.metadata.close();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> client.registerJob("sort"));
        assertTrue(ex.getMessage().startsWith("metadata server " + f.metadata.address()), ex.getMessage());
        assertThrows(JobNotFoundException.class, () -> client.attachJob("sort-1"));
    }

    @Test
    void jobsAreSpreadRoundRobinOverMetadataServers() throws Exception
    {
        try (RecordingMetadataServer second = new RecordingMetadataServer())
        {
            client.registerMetadata(f.metadata.address());
            assertEquals(2, client.registerMetadata(second.address()));
            client.registerStorage("127.0.0.1", 7001, true, 100);

            assertEquals(f.metadata.address(), client.registerJob("a").metadataAddress());
            assertEquals(second.address(), client.registerJob("b").metadataAddress());
            assertEquals(f.metadata.address(), client.registerJob("c").metadataAddress());
            assertEquals("b-2", second.nextCreatedJob().jobId());
            assertEquals(List.of(f.metadata.address(), second.address()),
                client.registerStorage("127.0.0.1", 7002, true, 100).metadataAddresses());
        }
    }

    @Test
    void aSilentMetadataServerTimesOutWithoutStallingTheController() throws Exception
    {
        try (ControllerFixture slow = new ControllerFixture(3_600_000, 500))
        {
            slow.client.registerMetadata(slow.metadata.address());
            slow.client.registerStorage("127.0.0.1", 7001, true, 100);
            slow.metadata.ignoreCreateJob = true;

            final CompletableFuture<JobInfo> pending =
                CompletableFuture.supplyAsync(() -> slow.client.registerJob("sort"));
            assertEquals("sort-1", slow.metadata.nextCreatedJob().jobId());
            try (TestControllerClient other = slow.connect())
            {
                assertEquals(1, other.status().servers().size(), "the controller serves others meanwhile");
                assertEquals(0, other.heartbeat(1, 0.1, 0, 100));
            }
            final CompletionException ex = assertThrows(CompletionException.class, pending::join);
            assertInstanceOf(ServiceUnavailableException.class, ex.getCause());
            assertTrue(ex.getCause().getMessage().contains("did not answer CREATE_JOB within 500 ms"),
                ex.getCause().getMessage());
            assertEquals("sort-1", slow.metadata.nextFreedJob(), "the half-created job is freed, best effort");
            assertTrue(slow.client.status().jobs().isEmpty());
        }
    }

    @Test
    void statusListsServersAndJobs()
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, 100);
        client.registerStorage("127.0.0.1", 7002, false, 100);
        client.registerJob("sort");
        client.registerJob("video");

        final ClusterStatus status = f.controller.status();
        assertEquals(status, client.status());
        assertEquals(List.of(1, 2), status.servers().stream().map(ServerStatus::serverId).toList());
        assertEquals(List.of(new JobStatus("sort-1", "sort", f.metadata.address(), List.of(0)),
            new JobStatus("video-2", "video", f.metadata.address(), List.of(0))), status.jobs());
    }

    @Test
    void garbageOnTheControllerPortDisturbsNoOtherClient() throws Exception
    {
        client.registerMetadata(f.metadata.address());
        try (Socket socket = new Socket("127.0.0.1", f.controller.port()))
        {
            socket.setSoTimeout(5_000);
            final OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: pocket\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            while (in.read() != -1)
            {
                // the controller answers with an error frame, then closes
            }
        }
        assertEquals(List.of(f.metadata.address()), client.status().metadataAddresses());
    }

    @Test
    void anUnknownOpcodeClosesOnlyThatConnection()
    {
        try (TestControllerClient other = f.connect())
        {
            final ProtocolException ex = assertThrows(ProtocolException.class, () -> Futures.await(
                other.rpc().call(Opcodes.READ_BLOCK, w -> w.putLong(1), ResponseDecoder.EMPTY), 5_000, "controller"));
            assertTrue(ex.getMessage().contains("READ_BLOCK"), ex.getMessage());
        }
        assertFalse(client.status().servers().iterator().hasNext());
    }
}
