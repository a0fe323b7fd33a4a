package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Job;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.PocketClient;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.MetadataMessages.CreateObject;
import io.pocket.protocol.MetadataMessages.NameRequest;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.pocket.controlplane.system.FailureFixture.assertBytes;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors that come from the wire rather than from the namespace: what the servers refuse when a
 * request bypasses the client's own checks (sent through a raw {@link RpcClient}), a malformed
 * request (ProtocolException, and only that connection is closed while a concurrent client goes
 * on), a client pointed at the wrong server, and servers that are unreachable or silent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsWireSystemTest
{
    private static final int TIMEOUT_MS = 10_000;
    private static final ResponseDecoder<Void> SKIP_BODY = r ->
    {
        r.skip(r.remaining());
        return null;
    };

    private LocalCluster cluster;
    private PocketClient pocket;
    private Transport transport;

    @BeforeAll
    void start()
    {
        cluster = FailureFixture.cluster(2, 16L << 20);
        pocket = PocketClient.connect(cluster.controllerAddress());
        transport = Transport.create(Transport.Kind.NIO, 1, "errors-wire-raw");
    }

    @AfterAll
    void stop()
    {
        transport.close();
        pocket.close();
        cluster.close();
    }

    @Test
    void serversValidateWhatTheClientWouldHaveRefused()
    {
        final Job job = pocket.registerJob("wire-validate", Hints.none());
        try (RpcClient controller = raw(cluster.controllerAddress());
            RpcClient metadata = raw(cluster.metadata().address()))
        {
            assertFails(InvalidArgumentException.class, () -> call(controller, Opcodes.REGISTER_JOB,
                new RegisterJob("bad name!", 0, 0, 0, true)::encode), "job name", "'bad name!'");
            assertFails(InvalidArgumentException.class, () -> call(controller, Opcodes.REGISTER_JOB,
                new RegisterJob("j".repeat(65), 0, 0, 0, true)::encode), "job name");
            assertFails(InvalidArgumentException.class, () -> call(controller, Opcodes.REGISTER_JOB,
                new RegisterJob("neg", -3, 0, 0, true)::encode), "lambdas must be >= 0, got -3");
            assertFails(InvalidArgumentException.class, () -> call(controller, Opcodes.REGISTER_JOB,
                new RegisterJob("neg", 0, -4, 0, true)::encode), "capacity must be >= 0, got -4");
            assertFails(InvalidArgumentException.class, () -> call(controller, Opcodes.REGISTER_JOB,
                new RegisterJob("neg", 0, 0, -5, true)::encode), "throughput must be >= 0, got -5");
            assertFails(JobNotFoundException.class, () -> call(controller, Opcodes.DEREGISTER_JOB,
                w -> w.putString("nosuch-7")), "no job nosuch-7");

            assertFails(InvalidArgumentException.class, () -> call(metadata, Opcodes.CREATE_OBJECT,
                new CreateObject(job.id(), "a/b/c", 0, 1)::encode), "a/b/c");
            assertFails(InvalidArgumentException.class, () -> call(metadata, Opcodes.CREATE_OBJECT,
                new CreateObject(job.id(), "n\0ul", 0, 1)::encode), "NUL");
            assertFails(InvalidArgumentException.class, () -> call(metadata, Opcodes.CREATE_OBJECT,
                new CreateObject(job.id(), "x", 0, -1)::encode), "block count", "-1");
            assertFails(JobNotFoundException.class, () -> call(metadata, Opcodes.LOOKUP,
                new NameRequest("nosuch-8", "x", 0)::encode), "no job nosuch-8");

            assertTrue(controller.isOpen() && metadata.isOpen(), "a refused request keeps its connection");
            assertFails(JobNotFoundException.class, () -> call(controller, Opcodes.ATTACH_JOB, w -> w.putString("nosuch-9")),
                "no job nosuch-9");
        }
        assertFalse(job.exists("x"), "nothing was created by the refused requests");
        job.deregister();
    }

    @Test
    void aMalformedRequestClosesOnlyItsOwnConnection()
    {
        final Job job = pocket.registerJob("wire-malformed", Hints.none());
        try (FailureTraffic traffic = new FailureTraffic(pocket, pocket.attach(job.id()), "t", 3 * FailureFixture.BLOCK_SIZE + 1))
        {
            traffic.awaitRounds(0, 3);
            final long before = traffic.rounds();

            final RpcClient truncated = raw(cluster.metadata().address());
            assertFails(ProtocolException.class, () -> call(truncated, Opcodes.LOOKUP, w -> w.putString(job.id())),
                "truncated LOOKUP frame");
            FailureFixture.awaitTrue("the metadata server closes the connection that sent a truncated LOOKUP",
                TIMEOUT_MS, () -> !truncated.isOpen());
            assertFails(ServiceUnavailableException.class, () -> call(truncated, Opcodes.LOOKUP,
                new NameRequest(job.id(), "x", 0)::encode), cluster.metadata().address());
            truncated.close();

            final RpcClient trailing = raw(cluster.metadata().address());
            assertFails(ProtocolException.class, () -> call(trailing, Opcodes.LOOKUP,
                w ->
                {
                    new NameRequest(job.id(), "x", 0).encode(w);
                    w.putInt(7);
                }),
                "LOOKUP frame has", "trailing bytes");
            FailureFixture.awaitTrue("the metadata server closes the connection that sent trailing bytes",
                TIMEOUT_MS, () -> !trailing.isOpen());
            trailing.close();

            traffic.awaitRounds(before, 3);
        }
        final byte[] bytes = payload(1, 100_000);
        job.put("after", bytes);
        assertBytes(bytes, job.get("after"), "a put after the malformed requests");
        job.deregister();
    }

    @Test
    void aClientPointedAtTheWrongServerGetsAProtocolError()
    {
        try (PocketClient atMetadata = PocketClient.connect(cluster.metadata().address()))
        {
            assertFails(ProtocolException.class, () -> atMetadata.registerJob("lost", null),
                "unknown opcode " + Opcodes.REGISTER_JOB + " for a metadata server");
        }
        try (PocketClient atStorage = PocketClient.connect(cluster.storageServers().get(0).advertisedAddress()))
        {
            assertFails(ProtocolException.class, atStorage::status, "unknown opcode CLUSTER_STATUS for a storage server");
        }
        assertEquals(2, pocket.status().servers().size(), "the real controller still answers");
    }

    @Test
    void unreachableAndSilentServersAreServiceUnavailable() throws Exception
    {
        final String nobody = "127.0.0.1:" + FailureFixture.unusedPort();
        assertFails(ServiceUnavailableException.class, () -> PocketClient.connect(nobody), "cannot reach " + nobody);

        try (FailureSilentServer silent = new FailureSilentServer();
            PocketClient client = PocketClient.connect(silent.address(), new ClientContext().requestTimeoutMs(300)))
        {
            assertFails(ServiceUnavailableException.class, client::status,
                "controller " + silent.address() + " did not answer within 300 ms");
            assertFails(ServiceUnavailableException.class, () -> client.registerJob("silent", null),
                silent.address(), "300 ms");
        }

        assertFails(InvalidArgumentException.class, () -> PocketClient.connect(cluster.controllerAddress(),
            new ClientContext().readWindow(0)), ClientContext.READ_WINDOW_PROP_NAME + ": ");
    }

    @Test
    void stoppedMetadataServerAndControllerAreServiceUnavailable()
    {
        try (LocalCluster small = FailureFixture.cluster(1, 4L << 20);
            PocketClient client = PocketClient.connect(small.controllerAddress()))
        {
            final Job job = client.registerJob("stopped", Hints.none());
            job.put("x", payload(2, 1000));
            final String metadataAddress = small.metadata().address();

            small.metadata().close();
            assertFails(ServiceUnavailableException.class, () -> job.get("x"), metadataAddress);
            assertFails(ServiceUnavailableException.class, () -> job.put("y", payload(3, 10)), metadataAddress);

            small.controller().close();
            assertFails(ServiceUnavailableException.class, client::status, small.controllerAddress());
            assertFails(ServiceUnavailableException.class, () -> client.registerJob("again", null),
                small.controllerAddress());
        }
    }

    private RpcClient raw(final String address)
    {
        return RpcClient.connect(address, transport, 1 << 20, TIMEOUT_MS);
    }

    private static Object call(final RpcClient rpc, final int opcode, final Encoder body)
    {
        return Futures.await(rpc.call(opcode, body, SKIP_BODY), TIMEOUT_MS, rpc.address());
    }
}
