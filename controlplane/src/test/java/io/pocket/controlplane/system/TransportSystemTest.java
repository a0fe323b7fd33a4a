package io.pocket.controlplane.system;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.pocket.client.ClientContext;
import io.pocket.client.GetOption;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketClient;
import io.pocket.client.ProtocolException;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Futures;
import io.pocket.transport.RpcClient;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureRawConnection.concat;
import static io.pocket.controlplane.system.FailureRawConnection.frame;
import static io.pocket.controlplane.system.FailureRawConnection.littleEndianInt;
import static io.pocket.controlplane.system.FailureRawConnection.str;
import static io.pocket.controlplane.system.FailureRawConnection.validHello;
import static io.pocket.controlplane.system.SeededContent.assertBytes;

/**
 * The same system tests once per Netty transport, Netty testsuite style: each subclass names the
 * event loops of the servers and of the client; this class starts a cluster of two storage
 * servers on the first and a client on the second, proves they really run them (the stacks of
 * their event loop threads), and sends objects of every edge size, typed errors and malformed
 * frames through them. A subclass whose transport cannot load here is skipped, saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TransportSystemTest
{
    static final int BLOCK = 64 * KIB;
    private static final int TIMEOUT_MS = 10_000;

    private FailureLogCapture logs;
    private FailureWireProbe probe;
    private LocalCluster cluster;
    private PocketClient client;
    private Transport raw;
    private int jobs;

    /** The event loops of the controller, the metadata server and the storage servers. */
    abstract Transport.Kind serverTransport();

    /** The event loops of the client's pipelined connections (streams, storage reads and writes). */
    abstract Transport.Kind clientTransport();

    @BeforeAll
    void start()
    {
        assumeAvailable(serverTransport(), "servers");
        assumeAvailable(clientTransport(), "client");
        logs = new FailureLogCapture();
        probe = new FailureWireProbe(logs);
        cluster = LocalCluster.start(new LocalClusterContext().storageServers(2).dram(256L * MIB).blockSize(BLOCK)
            .transport(serverTransport()));
        client = PocketClient.connect(cluster.controllerAddress(), new ClientContext().transport(clientTransport()));
        raw = Transport.create(clientTransport(), 1, "transport-test-raw");
    }

    @AfterAll
    void stop()
    {
        try
        {
            if (client != null)
            {
                client.close();
            }
            if (cluster != null)
            {
                cluster.close();
            }
            if (raw != null)
            {
                raw.close();
            }
        }
        finally
        {
            if (logs != null)
            {
                logs.close();
            }
        }
    }

    @Test
    void serversAndClientRunOnTheRequestedTransport() throws IOException
    {
        final Job job = newJob();
        final byte[] bytes = SeededContent.bytes(SeededContent.seed(1, BLOCK), BLOCK + 1);
        streamRoundTrip(job, "started", bytes); // the client's event loops start with its first stream
        EventLoopThreads.assertKind("pocket-controller-io", serverTransport(), TIMEOUT_MS);
        EventLoopThreads.assertKind("pocket-metadata-io", serverTransport(), TIMEOUT_MS);
        EventLoopThreads.assertKind("pocket-storage-io", serverTransport(), TIMEOUT_MS);
        EventLoopThreads.assertKind("pocket-client", clientTransport(), TIMEOUT_MS);
        job.deregister();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, KIB, BLOCK, BLOCK + 1, 3 * MIB + 11})
    void objectsOfEdgeSizesRoundTripEveryWay(final int size, @TempDir final Path dir) throws IOException
    {
        final Job job = newJob();
        new EveryWayRoundTrip(cluster, job, dir, BLOCK, ClientContext.INLINE_MAX_BYTES_DEFAULT).run("b" + size, size);
        job.deregister();
    }

    @Test
    void missingAndExistingNamesGiveTypedErrors()
    {
        final Job job = newJob();
        final String[] missing = {"no object nope", job.id()};
        assertFails(ObjectNotFoundException.class, () -> job.get("nope"), missing);
        assertFails(ObjectNotFoundException.class, () -> job.get("nope", GetOption.DELETE), missing);
        assertFails(ObjectNotFoundException.class, () -> job.openInput("nope"), missing);

        final byte[] bytes = SeededContent.bytes(SeededContent.seed(2, BLOCK), 2 * BLOCK + 3);
        job.put("x", bytes);
        final String[] taken = {"object x exists", job.id()};
        assertFails(ObjectExistsException.class, () -> job.put("x", new byte[10]), taken);
        assertFails(ObjectExistsException.class, () -> job.openOutput("x"), taken);
        assertBytes(bytes, job.get("x", GetOption.DELETE), "the object after the refused overwrites");
        job.deregister();
    }

    @Test
    void aMalformedFrameClosesOnlyItsConnection() throws IOException
    {
        final Job job = newJob();
        final String metadata = cluster.metadata().address();
        try (FailureTraffic traffic = new FailureTraffic(client, client.attach(job.id()), "t", 2 * BLOCK + 1))
        {
            traffic.awaitRounds(0, 2);
            final long before = traffic.rounds();

            probe.expect(metadata, concat(littleEndianInt(8), new byte[4]), 0, 0, "frame of 8 bytes is shorter than its header");
            probe.expect(metadata, concat(validHello(), truncated(Opcodes.LOOKUP)), 1, Opcodes.LOOKUP, "truncated LOOKUP frame");
            for (final StorageServer storage : cluster.storageServers())
            {
                probe.expect(storage.advertisedAddress(), concat(validHello(), truncated(Opcodes.READ_BLOCK)), 1,
                    Opcodes.READ_BLOCK, "truncated READ_BLOCK frame");
            }
            try (RpcClient rpc = RpcClient.connect(metadata, raw, 1 << 20, TIMEOUT_MS))
            {
                assertFails(ProtocolException.class, () -> Futures.await(rpc.call(Opcodes.LOOKUP, w -> w.putString(job.id()),
                    r ->
                    {
                        r.skip(r.remaining());
                        return null;
                    }), TIMEOUT_MS, metadata), "truncated LOOKUP frame");
                FailureFixture.awaitTrue("the metadata server closes the " + clientTransport() + " connection of a truncated LOOKUP",
                    TIMEOUT_MS, () -> !rpc.isOpen());
            }

            traffic.awaitRounds(before, 3);
        }
        probe.assertGreetsANewConnection("metadata", metadata);
        probe.assertGreetsANewConnection("storage", cluster.storageServers().get(0).advertisedAddress());
        streamRoundTrip(job, "after", SeededContent.bytes(SeededContent.seed(3, BLOCK), 3 * BLOCK + 7));
        job.deregister();
    }

    private Job newJob()
    {
        return client.registerJob("transport" + (++jobs), Hints.none());
    }

    /** A request frame (correlation id 2) whose body ends in the middle of its fields. */
    private static byte[] truncated(final int opcode)
    {
        return frame(opcode, 0, 2, concat(littleEndianInt(7), str("x")));
    }

    /** Through the client's pipelined connections: an output stream in, an input stream with DELETE out. */
    private static void streamRoundTrip(final Job job, final String name, final byte[] bytes) throws IOException
    {
        try (OutputStream out = job.openOutput(name))
        {
            EveryWayRoundTrip.writeInOddChunks(out, bytes);
        }
        try (InputStream in = job.openInput(name, GetOption.DELETE))
        {
            assertBytes(bytes, in.readAllBytes(), "stream " + name);
        }
    }

    private static void assumeAvailable(final Transport.Kind kind, final String side)
    {
        if (kind == Transport.Kind.EPOLL)
        {
            Assumptions.assumeTrue(Epoll.isAvailable(), "epoll for the " + side + " unavailable: " + Epoll.unavailabilityCause());
        }
        else if (kind == Transport.Kind.IO_URING)
        {
            Assumptions.assumeTrue(IoUring.isAvailable(), "io_uring for the " + side + " unavailable: " +
                IoUring.unavailabilityCause());
        }
    }
}
