package io.pocket.dataplane;

import io.pocket.protocol.BlockRef;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.ControllerMessages.TierUsage;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MetadataMessages.AddCapacity;
import io.pocket.protocol.Opcodes;
import io.pocket.protocol.TierKind;
import io.pocket.transport.Encoder;
import io.pocket.transport.RequestHandler;
import io.pocket.transport.RpcServer;
import io.pocket.transport.ServerConnection;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.pocket.dataplane.StorageServerTest.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A storage server with DRAM, NVMe and disk tiers registers all three with the controller, offers each tier's blocks
 * to the metadata server in its own ADD_CAPACITY, and reports each tier's usage in heartbeats; a fake controller and
 * metadata server record what they receive.
 */
@Timeout(30)
class TierRegistrationTest
{
    private static final int BLOCK = 64 * 1024;
    private static final int SERVER_ID = 42;
    private static final Path DIR = Path.of("target", "device-tests");

    private final BlockingQueue<RegisterStorage> registrations = new LinkedBlockingQueue<>();
    private final BlockingQueue<StorageHeartbeat> heartbeats = new LinkedBlockingQueue<>();
    private final List<AddCapacity> offers = new CopyOnWriteArrayList<>();
    private Transport transport;
    private RpcServer metadata;
    private RpcServer controller;
    private StorageServer server;
    /** The id the fake controller gives. */
    private volatile int answerId = SERVER_ID;
    /** Whether the fake controller resumes a server that registers with the id it gives. */
    private volatile boolean resume = true;
    private final Path nvmeFile = DIR.resolve("TierRegistrationTest.nvme");
    private final Path diskFile = DIR.resolve("TierRegistrationTest.disk");

    @BeforeEach
    void startControlPlane() throws IOException
    {
        Files.createDirectories(DIR);
        transport = Transport.create(Transport.Kind.AUTO, 1, "fake-control-plane");
        metadata = new RpcServer("fake metadata", transport, "127.0.0.1", 0, 1 << 20, new RequestHandler()
        {
            public void onRequest(
                final ServerConnection connection, final int opcode, final long correlationId, final MessageReader body)
            {
                offers.add(AddCapacity.decode(body));
                connection.reply(opcode, correlationId, Encoder.EMPTY);
            }
        });
        final List<String> metadataAddresses = List.of("127.0.0.1:" + metadata.port());
        controller = new RpcServer("fake controller", transport, "127.0.0.1", 0, 1 << 20, new RequestHandler()
        {
            public void onRequest(
                final ServerConnection connection, final int opcode, final long correlationId, final MessageReader body)
            {
                if (Opcodes.REGISTER_STORAGE == opcode)
                {
                    final RegisterStorage registration = RegisterStorage.decode(body);
                    registrations.add(registration);
                    final boolean resumed = resume && registration.previousServerId() == answerId;
                    connection.reply(opcode, correlationId,
                        new StorageRegistered(answerId, 100, metadataAddresses, resumed)::encode);
                }
                else
                {
                    heartbeats.add(StorageHeartbeat.decode(body));
                    connection.reply(opcode, correlationId, w -> w.putByte(0));
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException
    {
        if (null != server)
        {
            server.close();
        }
        controller.close();
        metadata.close();
        transport.close();
        Files.deleteIfExists(nvmeFile);
        Files.deleteIfExists(nvmeFile.resolveSibling(nvmeFile.getFileName() + ".gen"));
        Files.deleteIfExists(nvmeFile.resolveSibling(nvmeFile.getFileName() + ".server-id"));
        Files.deleteIfExists(diskFile);
    }

    private StorageServerContext keptNvme()
    {
        return new StorageServerContext()
            .bindHost("127.0.0.1")
            .controller("127.0.0.1:" + controller.port())
            .blockSize(BLOCK)
            .dram(4L * BLOCK)
            .nvme(nvmeFile + ":1m")
            .nvmeKeep(true)
            .ioEngine("posix");
    }

    /** Starts a server with kept NVMe blocks, writes one, stops it; returns the block's reference and bytes. */
    private byte[] writeKeptBlockAndStop(final BlockRef ref) throws InterruptedException
    {
        final byte[] bytes = randomBytes(BLOCK, 5);
        server = StorageServer.start(keptNvme());
        final RegisterStorage first = registrations.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        assertEquals(0, first.previousServerId());
        try (BlockClient client = BlockClient.connect(server, transport))
        {
            client.write(ref, 0, bytes);
        }
        server.close();
        server = null;
        return bytes;
    }

    @Test
    void aRestartedServerWithKeptNvmeBlocksRegistersUnderItsIdAndKeepsThem() throws Exception
    {
        final BlockRef ref = new BlockRef(SERVER_ID, TierKind.NVME.code(), 3, 1, 0);
        final byte[] bytes = writeKeptBlockAndStop(ref);
        offers.clear();

        server = StorageServer.start(keptNvme());
        final RegisterStorage again = registrations.poll(10, TimeUnit.SECONDS);
        assertNotNull(again);
        assertEquals(SERVER_ID, again.previousServerId());
        assertEquals(1 << TierKind.NVME.code(), again.keptTiers());
        assertEquals(1, server.tier(TierKind.NVME).usedBlocks());
        try (BlockClient client = BlockClient.connect(server, transport))
        {
            assertArrayEquals(bytes, client.read(ref, 0, BLOCK));
        }
        assertEquals(List.of(), offers, "the metadata servers still have its blocks: nothing offered again");
    }

    @Test
    void aRestartedServerNotResumedDropsItsKeptBlocksEvenUnderTheSameId() throws Exception
    {
        writeKeptBlockAndStop(new BlockRef(SERVER_ID, TierKind.NVME.code(), 3, 1, 0));
        offers.clear();
        resume = false;

        server = StorageServer.start(keptNvme());
        assertNotNull(registrations.poll(10, TimeUnit.SECONDS));
        assertEquals(SERVER_ID, server.serverId(), "a fresh id that happens to equal the kept one");
        assertEquals(0, server.tier(TierKind.NVME).usedBlocks(), "blocks of another cluster are dropped");
        assertEquals(2, offers.size());
    }

    @Test
    void aRestartedServerGivenAnotherIdDropsItsKeptBlocks() throws Exception
    {
        writeKeptBlockAndStop(new BlockRef(SERVER_ID, TierKind.NVME.code(), 3, 1, 0));
        offers.clear();
        answerId = SERVER_ID + 1;

        server = StorageServer.start(keptNvme());
        assertNotNull(registrations.poll(10, TimeUnit.SECONDS));
        assertEquals(0, server.tier(TierKind.NVME).usedBlocks());
        assertEquals(SERVER_ID + 1, server.serverId());
        assertEquals(List.of((SERVER_ID + 1) + "/0:0+4", (SERVER_ID + 1) + "/1:0+16"), offers.stream()
            .map(o -> o.serverId() + "/" + o.tier() + ":" + o.firstBlockId() + "+" + o.blockCount()).toList());
        assertEquals(String.valueOf(SERVER_ID + 1),
            Files.readString(nvmeFile.resolveSibling(nvmeFile.getFileName() + ".server-id")).trim());
    }

    @Test
    void shouldForgetKeptBlocksWhenRegisteringWithAController()
    {
        final StorageServerContext standalone = new StorageServerContext()
            .bindHost("127.0.0.1")
            .serverId(SERVER_ID)
            .blockSize(BLOCK)
            .dram(0)
            .nvme(nvmeFile + ":1m")
            .nvmeKeep(true)
            .ioEngine("posix");
        try (StorageServer kept = StorageServer.start(standalone);
            BlockClient client = BlockClient.connect(kept, transport))
        {
            client.write(new BlockRef(SERVER_ID, TierKind.NVME.code(), 3, 1, 0), 0, randomBytes(BLOCK, 2));
        }

        server = StorageServer.start(new StorageServerContext()
            .bindHost("127.0.0.1")
            .controller("127.0.0.1:" + controller.port())
            .blockSize(BLOCK)
            .dram(0)
            .nvme(nvmeFile + ":1m")
            .nvmeKeep(true)
            .ioEngine("posix"));
        assertEquals(0, server.tier(TierKind.NVME).usedBlocks(), "the controller offers every block as new");
        assertEquals(List.of(SERVER_ID + "/1:0+16"), offers.stream()
            .map(o -> o.serverId() + "/" + o.tier() + ":" + o.firstBlockId() + "+" + o.blockCount()).toList());
    }

    @Test
    void shouldRegisterOfferAndReportEveryTier() throws InterruptedException
    {
        server = StorageServer.start(new StorageServerContext()
            .bindHost("127.0.0.1")
            .controller("127.0.0.1:" + controller.port())
            .blockSize(BLOCK)
            .dram(8L * BLOCK)
            .nvme(nvmeFile + ":1m")
            .disk(diskFile + ":2m")
            .ioEngine("posix"));

        final RegisterStorage registration = registrations.poll(10, TimeUnit.SECONDS);
        assertNotNull(registration);
        assertEquals(List.of(new TierCapacity(TierKind.DRAM.code(), BLOCK, 8),
            new TierCapacity(TierKind.NVME.code(), BLOCK, 16), new TierCapacity(TierKind.DISK.code(), BLOCK, 32)),
            registration.tiers());
        final List<String> offered = new ArrayList<>();
        for (final AddCapacity offer : offers)
        {
            offered.add(offer.serverId() + "/" + offer.tier() + ":" + offer.firstBlockId() + "+" + offer.blockCount());
        }
        assertEquals(List.of(SERVER_ID + "/0:0+8", SERVER_ID + "/1:0+16", SERVER_ID + "/2:0+32"), offered);

        try (BlockClient client = BlockClient.connect(server, transport))
        {
            final byte[] data = randomBytes(BLOCK, 1);
            client.write(new BlockRef(SERVER_ID, TierKind.NVME.code(), 15, 1, 0), 0, data);
            client.write(new BlockRef(SERVER_ID, TierKind.DISK.code(), 31, 1, 0), 0, data);
            client.write(new BlockRef(SERVER_ID, TierKind.DISK.code(), 30, 1, 0), 0, data);
            assertArrayEquals(data, client.read(new BlockRef(SERVER_ID, TierKind.DISK.code(), 31, 1, 0), 0, BLOCK));
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<TierUsage> usage = List.of();
        while (System.nanoTime() < deadline)
        {
            final StorageHeartbeat beat = heartbeats.poll(1, TimeUnit.SECONDS);
            if (null != beat && beat.tiers().size() == 3 && beat.tiers().get(2).usedBlocks() == 2)
            {
                usage = beat.tiers();
                assertEquals(SERVER_ID, beat.serverId());
                break;
            }
        }
        assertEquals(List.of(new TierUsage(TierKind.DRAM.code(), BLOCK, 0, 8),
            new TierUsage(TierKind.NVME.code(), BLOCK, 1, 15), new TierUsage(TierKind.DISK.code(), BLOCK, 2, 30)),
            usage);
    }
}
