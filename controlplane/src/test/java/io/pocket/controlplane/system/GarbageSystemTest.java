package io.pocket.controlplane.system;

import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.metadata.MetadataServerContext;
import io.pocket.controlplane.system.FailureRawConnection.Frame;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.pocket.controlplane.system.FailureRawConnection.concat;
import static io.pocket.controlplane.system.FailureRawConnection.frame;
import static io.pocket.controlplane.system.FailureRawConnection.hello;
import static io.pocket.controlplane.system.FailureRawConnection.littleEndianInt;
import static io.pocket.controlplane.system.FailureRawConnection.str;
import static io.pocket.controlplane.system.FailureRawConnection.validHello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage on the wire, for real, to each kind of server (controller, metadata server, storage
 * server) while a well-behaved client keeps putting, reading back and asking for the status in
 * another thread. For every bad connection the server answers a PROTOCOL_ERROR frame where one
 * can be framed, closes that connection, logs exactly one line about it, and keeps serving: the
 * concurrent client sees no error and keeps making progress, and new connections are served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GarbageSystemTest
{
    private static final int UNKNOWN_OPCODE = 999;

    private FailureLogCapture logs;
    private FailureWireProbe probe;
    private LocalCluster cluster;
    private PocketClient pocket;
    private Job job;
    private FailureTraffic traffic;
    private long roundsBefore;

    @BeforeAll
    void start()
    {
        logs = new FailureLogCapture();
        probe = new FailureWireProbe(logs);
        cluster = FailureFixture.cluster(2, 16L << 20);
        pocket = PocketClient.connect(cluster.controllerAddress());
        job = pocket.registerJob("garbage", Hints.none());
        traffic = new FailureTraffic(pocket, job, "g", 2 * FailureFixture.BLOCK_SIZE + 3);
    }

    @AfterAll
    void stop()
    {
        try
        {
            traffic.close();
            traffic.assertClean();
            job.deregister();
            pocket.close();
            cluster.close();
        }
        finally
        {
            logs.close();
        }
    }

    @BeforeEach
    void markProgress()
    {
        traffic.awaitRounds(traffic.rounds(), 1);
        roundsBefore = traffic.rounds();
    }

    /** The concurrent client saw no error and went on, and the server takes new connections. */
    @AfterEach
    void othersAreUndisturbed()
    {
        traffic.awaitRounds(roundsBefore, 2);
        for (final String kind : List.of("controller", "metadata", "storage"))
        {
            final Target target = new Target(kind);
            probe.assertGreetsANewConnection(target.kind, target.address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller", "metadata", "storage"})
    void randomBytes(final String kind) throws IOException
    {
        final Target target = new Target(kind);
        for (long seed = 1; seed <= 8; seed++)
        {
            try (FailureRawConnection conn = probe.open(target.address))
            {
                FailureWireProbe.sendGarbageUntilAnswered(conn, new SplittableRandom(seed), target.maxFrameLength);
                probe.assertProtocolErrorAndClosed(conn, 0, null, "");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller", "metadata", "storage"})
    void plausibleFramesOfGarbage(final String kind) throws IOException
    {
        final Target target = new Target(kind);
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 4; i++)
        {
            try (FailureRawConnection conn = probe.open(target.address))
            {
                final byte[] rest = new byte[60];
                random.nextBytes(rest);
                rest[2] |= 1;
                conn.send(concat(littleEndianInt(64), rest));
                probe.assertProtocolErrorAndClosed(conn, 0, null, "request frame with flags");
            }
            try (FailureRawConnection conn = probe.open(target.address))
            {
                assertTrue(conn.send(validHello()));
                FailureWireProbe.sendGarbageUntilAnswered(conn, random, target.maxFrameLength);
                probe.assertProtocolErrorAndClosed(conn, 1, null, "");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller", "metadata", "storage"})
    void badLengthPrefixes(final String kind) throws IOException
    {
        final Target target = new Target(kind);
        final String tooLong = "frame longer than the maximum of " + target.maxFrameLength + " bytes";
        probe.expect(target.address, littleEndianInt(target.maxFrameLength + 1), 0, 0, tooLong);
        probe.expect(target.address, concat(littleEndianInt(Integer.MAX_VALUE), new byte[1000]), 0, 0, tooLong);
        probe.expect(target.address, concat(validHello(), littleEndianInt(target.maxFrameLength + 1)), 1, 0, tooLong);
        // docs/protocol.md section 4 says "malformed frame" for a negative length; Netty reads the field unsigned.
        probe.expect(target.address, littleEndianInt(-5), 0, 0, tooLong);
        probe.expect(target.address, littleEndianInt(2), 0, 0, "malformed frame");
        probe.expect(target.address, concat(littleEndianInt(8), new byte[4]), 0, 0, "frame of 8 bytes is shorter than its header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller", "metadata", "storage"})
    void truncatedFramesThenClose(final String kind) throws IOException
    {
        final Target target = new Target(kind);
        final byte[] lookup = frame(Opcodes.LOOKUP, 0, 2, new byte[84]);
        final List<byte[]> cuts = List.of(new byte[] {100, 0}, Arrays.copyOf(lookup, 40),
            concat(validHello(), Arrays.copyOf(lookup, 40)));
        for (int i = 0; i < cuts.size(); i++)
        {
            try (FailureRawConnection conn = probe.open(target.address))
            {
                assertTrue(conn.send(cuts.get(i)));
                conn.shutdownOutput();
                conn.awaitClosedByPeer(FailureWireProbe.CLOSE_TIMEOUT_MS);
                final List<Frame> frames = conn.frames();
                final int hellos = i == 2 ? 1 : 0;
                assertEquals(hellos, frames.size(), "an incomplete frame gets no answer, only a HELLO does: " + frames);
                assertEquals(List.of(), probe.closingLines(conn), "an incomplete frame closed by its sender is not an error");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller", "metadata", "storage"})
    void badHandshakes(final String kind) throws IOException
    {
        final Target target = new Target(kind);
        probe.expect(target.address, frame(Opcodes.LOOKUP, 0, 1, new byte[30]), 0, Opcodes.LOOKUP, "expected HELLO first, got LOOKUP");
        probe.expect(target.address, frame(UNKNOWN_OPCODE, 0, 1, new byte[0]), 0, UNKNOWN_OPCODE, "expected HELLO first, got UNKNOWN(999)");
        probe.expect(target.address, hello(0x12345678, Hello.VERSION), 0, Opcodes.HELLO,
            "bad HELLO magic 0x12345678: not a Pocket client");
        probe.expect(target.address, hello(Hello.MAGIC, Hello.VERSION + 1), 0, Opcodes.HELLO,
            "protocol version " + (Hello.VERSION + 1) + " not supported; this server speaks " + Hello.VERSION);
        probe.expect(target.address, frame(Opcodes.HELLO, 0, 1, new byte[5]), 0, Opcodes.HELLO, "truncated HELLO frame");
    }

    @ParameterizedTest
    @ValueSource(strings = {"controller", "metadata", "storage"})
    void badRequestsAfterAValidHello(final String kind) throws IOException
    {
        final Target target = new Target(kind);
        probe.expect(target.address, concat(validHello(), frame(UNKNOWN_OPCODE, 0, 2, new byte[12])), 1, UNKNOWN_OPCODE,
            target.unknownOpcodeMessage);
        probe.expect(target.address, concat(validHello(), frame(target.servedOpcode, 0, 2, concat(littleEndianInt(7), str("x")))), 1,
            target.servedOpcode, "truncated " + Opcodes.name(target.servedOpcode) + " frame");
        probe.expect(target.address, concat(validHello(), frame(target.servedOpcode, FrameHeader.FLAG_RESPONSE, 2, new byte[0])), 1,
            target.servedOpcode, "request frame with flags 1");
    }

    @Test
    void bodiesThatFailEachServersStrictDecoding() throws IOException
    {
        final Target storage = new Target("storage");
        final byte[] blockIo = concat(new byte[32], littleEndianInt(0), littleEndianInt(100));
        probe.expect(storage.address, concat(validHello(), frame(Opcodes.WRITE_BLOCK, 0, 2, concat(blockIo, new byte[50]))), 1,
            Opcodes.WRITE_BLOCK, "WRITE_BLOCK declares 100 data bytes but carries 50");
        probe.expect(storage.address, concat(validHello(), frame(Opcodes.FREE_BLOCKS, 0, 2, littleEndianInt(-1))), 1,
            Opcodes.FREE_BLOCKS, "bad list count -1 in FREE_BLOCKS frame");

        final Target metadata = new Target("metadata");
        probe.expect(metadata.address, concat(validHello(), frame(Opcodes.CREATE_JOB, 0, 2, concat(str("j-1"), littleEndianInt(1000)))),
            1, Opcodes.CREATE_JOB, "bad list count 1000 in CREATE_JOB frame");

        final Target controller = new Target("controller");
        probe.expect(controller.address, concat(validHello(), frame(Opcodes.ATTACH_JOB, 0, 2, concat(str("j-1"), new byte[3]))), 1,
            Opcodes.ATTACH_JOB, "ATTACH_JOB frame has 3 trailing bytes");
    }

    /** One server under attack: where it listens, its frame limit, and what it says about opcode 999. */
    private final class Target
    {
        final String kind;
        final String address;
        final int maxFrameLength;
        final String unknownOpcodeMessage;
        final int servedOpcode;

        Target(final String kind)
        {
            this.kind = kind;
            switch (kind)
            {
                case "controller":
                    address = cluster.controllerAddress();
                    maxFrameLength = cluster.controller().context().maxFrameLength();
                    unknownOpcodeMessage = "the controller does not serve UNKNOWN(999)";
                    servedOpcode = Opcodes.ATTACH_JOB;
                    break;
                case "metadata":
                    address = cluster.metadata().address();
                    maxFrameLength = new MetadataServerContext().maxFrameLength();
                    unknownOpcodeMessage = "unknown opcode 999 for a metadata server";
                    servedOpcode = Opcodes.LOOKUP;
                    break;
                default:
                    final StorageServer storage = cluster.storageServers().get(0);
                    address = storage.advertisedAddress();
                    maxFrameLength = storage.context().maxFrameLength();
                    unknownOpcodeMessage = "unknown opcode UNKNOWN(999) for a storage server";
                    servedOpcode = Opcodes.READ_BLOCK;
            }
        }
    }
}
