package io.pocket.dataplane;

import io.pocket.client.PocketException;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.TierKind;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pocket.dataplane.StorageServerTest.assertCode;
import static io.pocket.dataplane.StorageServerTest.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NVMe and disk tiers of a standalone storage server through a real TCP client, run once per I/O engine by the
 * subclasses. Device files live under {@code target/device-tests} (a disk file system: O_DIRECT works there).
 */
@Timeout(60)
abstract class DeviceTierServerTest
{
    static final int SERVER_ID = 5;
    static final int BLOCK = 64 * 1024;
    static final int BLOCKS = 64;
    static final int NVME = TierKind.NVME.code();
    static final int DISK = TierKind.DISK.code();
    static final int DRAM = TierKind.DRAM.code();
    static final Path DIR = Path.of("target", "device-tests");

    private static Transport clientTransport;
    private final List<StorageServer> servers = new ArrayList<>();
    private final List<BlockClient> clients = new ArrayList<>();
    private Path nvmeFile;
    private Path diskFile;

    /** {@code posix} or {@code io_uring}. */
    abstract String engine();

    @BeforeAll
    static void startTransport() throws IOException
    {
        Files.createDirectories(DIR);
        clientTransport = Transport.create(Transport.Kind.AUTO, 2, "test-client");
    }

    @AfterAll
    static void stopTransport()
    {
        clientTransport.close();
    }

    @AfterEach
    void stopAll() throws IOException
    {
        clients.forEach(BlockClient::close);
        servers.forEach(StorageServer::close);
        for (final Path file : new Path[] {nvmeFile, diskFile})
        {
            if (null != file)
            {
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".gen"));
            }
        }
    }

    void files(final TestInfo info)
    {
        final String name = getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName();
        nvmeFile = DIR.resolve(name + ".nvme");
        diskFile = DIR.resolve(name + ".disk");
    }

    StorageServerContext context()
    {
        return new StorageServerContext()
            .bindHost("127.0.0.1")
            .serverId(SERVER_ID)
            .blockSize(BLOCK)
            .dram((long)BLOCKS * BLOCK)
            .nvme(nvmeFile + ":" + (BLOCKS * BLOCK / 1024) + "k")
            .ioEngine(engine())
            .ioThreads(2);
    }

    StorageServer start(final StorageServerContext ctx)
    {
        final StorageServer server = StorageServer.start(ctx);
        servers.add(server);
        return server;
    }

    BlockClient connect(final StorageServer server)
    {
        final BlockClient client = BlockClient.connect(server, clientTransport);
        clients.add(client);
        return client;
    }

    static BlockRef ref(final int tier, final long blockId, final long generation)
    {
        return new BlockRef(SERVER_ID, tier, blockId, generation, 0);
    }

    @Test
    void shouldWriteAndReadBackFullPartialUnalignedAndEmptyRanges(final TestInfo info)
    {
        files(info);
        final StorageServer server = start(context());
        final BlockClient client = connect(server);
        final byte[] data = randomBytes(BLOCK, 1);
        client.write(ref(NVME, 3, 1), 0, data);

        assertArrayEquals(data, client.read(ref(NVME, 3, 1), 0, BLOCK));
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 6000), client.read(ref(NVME, 3, 1), 1000, 5000));
        assertArrayEquals(Arrays.copyOfRange(data, 4095, 8193), client.read(ref(NVME, 3, 1), 4095, 4098));
        assertArrayEquals(new byte[] {data[BLOCK - 1]}, client.read(ref(NVME, 3, 1), BLOCK - 1, 1));
        assertEquals(0, client.read(ref(NVME, 3, 1), 10, 0).length);
        assertEquals(1, server.tier(TierKind.NVME).usedBlocks());
        assertEquals(0, server.tier().usedBlocks());
        assertEquals(BLOCK, server.rxBytes());
        assertEquals(BLOCK + 5000 + 4098 + 1, server.txBytes());
    }

    @Test
    void shouldReadBackAShortLastBlockAndBlocksWrittenInAlignedParts(final TestInfo info)
    {
        files(info);
        final BlockClient client = connect(start(context()));
        final byte[] tail = randomBytes(1000, 2);
        client.write(ref(NVME, 0, 1), 0, tail);
        assertArrayEquals(tail, client.read(ref(NVME, 0, 1), 0, 1000));

        final byte[] first = randomBytes(4096, 3);
        final byte[] second = randomBytes(BLOCK - 4096, 4);
        client.write(ref(NVME, 1, 9), 4096, second);
        client.write(ref(NVME, 1, 9), 0, first);
        final byte[] all = client.read(ref(NVME, 1, 9), 0, BLOCK);
        assertArrayEquals(first, Arrays.copyOfRange(all, 0, 4096));
        assertArrayEquals(second, Arrays.copyOfRange(all, 4096, BLOCK));
    }

    @Test
    void shouldRefuseUnalignedWriteOffsetOutOfRangeAndUnknownTier(final TestInfo info)
    {
        files(info);
        final StorageServer server = start(context());
        final BlockClient client = connect(server);

        final PocketException unaligned = assertThrows(PocketException.class,
            () -> client.write(ref(NVME, 2, 1), 100, randomBytes(10, 5)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, unaligned.code());
        assertTrue(unaligned.getMessage().contains("multiple of"), unaligned.getMessage());
        assertEquals(0, server.tier(TierKind.NVME).usedBlocks());

        final PocketException range = assertThrows(PocketException.class,
            () -> client.write(ref(NVME, BLOCKS, 1), 0, randomBytes(10, 6)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, range.code());
        assertTrue(range.getMessage().contains("out of range"), range.getMessage());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.read(ref(NVME, -1, 1), 0, 10));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.write(ref(NVME, 1, 1), BLOCK - 4096, new byte[8192]));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.read(ref(NVME, 1, 1), BLOCK - 10, 11));

        final PocketException tier = assertThrows(PocketException.class,
            () -> client.write(ref(DISK, 1, 1), 0, randomBytes(10, 7)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, tier.code());
        assertTrue(tier.getMessage().contains("has no tier 2"), tier.getMessage());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.read(ref(9, 1, 1), 0, 10));
    }

    @Test
    void shouldRefuseAQuietWriteToADeviceTierAndKeepTheConnection(final TestInfo info) throws IOException
    {
        files(info);
        final StorageServer server = start(context());
        final byte[] data = randomBytes(BLOCK, 9);
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            final DataInputStream in = RawFrames.greet(socket);
            socket.getOutputStream().write(RawFrames.write(2, FrameHeader.FLAG_QUIET, SERVER_ID, NVME, 6, 1, data));
            final ByteBuffer refused = RawFrames.read(in);
            assertEquals(2, refused.getLong(FrameHeader.CORRELATION_ID_OFFSET));
            assertEquals(ErrorCode.INVALID_ARGUMENT.code(), refused.getShort(FrameHeader.HEADER_LENGTH) & 0xFFFF);
            final String message = RawFrames.errorMessage(refused);
            assertTrue(message.contains("quietly only for its DRAM tier"), message);

            socket.getOutputStream().write(RawFrames.write(3, 0, SERVER_ID, NVME, 6, 1, data));
            final ByteBuffer written = RawFrames.read(in);
            assertEquals(3, written.getLong(FrameHeader.CORRELATION_ID_OFFSET));
            assertEquals(FrameHeader.FLAG_RESPONSE, written.getShort(FrameHeader.FLAGS_OFFSET));
        }
        assertArrayEquals(data, connect(server).read(ref(NVME, 6, 1), 0, BLOCK));
    }

    @Test
    void shouldAnswerStaleBlockForWrongFreedOrReusedGenerations(final TestInfo info)
    {
        files(info);
        final StorageServer server = start(context());
        final BlockClient client = connect(server);
        final byte[] data = randomBytes(BLOCK, 8);
        client.write(ref(NVME, 4, 2), 0, data);

        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(NVME, 4, 1), 0, BLOCK));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(NVME, 4, 3), 0, BLOCK));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.write(ref(NVME, 4, 1), 0, data));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(NVME, 5, 1), 0, 10));

        client.free(List.of(ref(NVME, 4, 2)));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(NVME, 4, 2), 0, BLOCK));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.write(ref(NVME, 4, 2), 0, data));
        assertEquals(0, server.tier(TierKind.NVME).usedBlocks());

        final byte[] reused = randomBytes(BLOCK, 9);
        client.write(ref(NVME, 4, 3), 0, reused);
        assertArrayEquals(reused, client.read(ref(NVME, 4, 3), 0, BLOCK));
    }

    @Test
    void shouldFreeOnTheTierTheReferenceNames(final TestInfo info)
    {
        files(info);
        final StorageServer server = start(context().disk(diskFile + ":" + (BLOCKS * BLOCK / 1024) + "k"));
        final BlockClient client = connect(server);
        final byte[] inDram = randomBytes(BLOCK, 10);
        final byte[] inNvme = randomBytes(BLOCK, 11);
        final byte[] onDisk = randomBytes(BLOCK, 12);
        client.write(ref(DRAM, 3, 1), 0, inDram);
        client.write(ref(NVME, 3, 1), 0, inNvme);
        client.write(ref(DISK, 3, 1), 0, onDisk);
        assertArrayEquals(inDram, client.read(ref(DRAM, 3, 1), 0, BLOCK));
        assertArrayEquals(inNvme, client.read(ref(NVME, 3, 1), 0, BLOCK));
        assertArrayEquals(onDisk, client.read(ref(DISK, 3, 1), 0, BLOCK));

        client.free(List.of(ref(NVME, 3, 1)));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(NVME, 3, 1), 0, BLOCK));
        assertArrayEquals(inDram, client.read(ref(DRAM, 3, 1), 0, BLOCK));
        assertArrayEquals(onDisk, client.read(ref(DISK, 3, 1), 0, BLOCK));
        client.free(List.of(ref(DISK, 3, 1), ref(DRAM, 3, 1)));
        assertEquals(0, server.tier(TierKind.DRAM).usedBlocks());
        assertEquals(0, server.tier(TierKind.NVME).usedBlocks());
        assertEquals(0, server.tier(TierKind.DISK).usedBlocks());
    }

    @Test
    void shouldServeManyPipelinedRequestsBeyondTheQueueDepth(final TestInfo info)
    {
        files(info);
        final StorageServer server = start(context().nvmeQueueDepth(2));
        final BlockClient client = connect(server);
        final List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++)
        {
            writes.add(client.writeInlineAsync(ref(NVME, i, 7), 0, randomBytes(BLOCK - i * 100, 100 + i)));
        }
        writes.forEach(CompletableFuture::join);
        final List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < BLOCKS; i++)
        {
            reads.add(client.readAsync(ref(NVME, i, 7), 0, BLOCK - i * 100));
        }
        for (int i = 0; i < BLOCKS; i++)
        {
            assertArrayEquals(randomBytes(BLOCK - i * 100, 100 + i), reads.get(i).join(), "block " + i);
        }
        assertEquals(BLOCKS, server.tier(TierKind.NVME).usedBlocks());
    }

    @Test
    void shouldServeAnNvmeOnlyServer(final TestInfo info)
    {
        files(info);
        final StorageServer server = start(context().dram(0));
        final BlockClient client = connect(server);
        final byte[] data = randomBytes(5000, 13);
        client.write(ref(NVME, 0, 1), 0, data);
        assertArrayEquals(data, client.read(ref(NVME, 0, 1), 0, 5000));
        assertEquals(null, server.tier());
        assertEquals(1, server.tiers().size());
        final PocketException dram = assertThrows(PocketException.class,
            () -> client.write(ref(DRAM, 0, 1), 0, data));
        assertTrue(dram.getMessage().contains("has no tier 0, only NVME (1)"), dram.getMessage());
        client.free(List.of(ref(DRAM, 0, 1)));
    }

    @Test
    void shouldForgetBlocksAtRestartUnlessKept(final TestInfo info)
    {
        files(info);
        final byte[] kept = randomBytes(BLOCK, 14);
        final byte[] freed = randomBytes(BLOCK, 15);
        final StorageServer first = start(context().nvmeKeep(true));
        final BlockClient firstClient = connect(first);
        firstClient.write(ref(NVME, 1, 5), 0, kept);
        firstClient.write(ref(NVME, 2, 5), 0, freed);
        firstClient.free(List.of(ref(NVME, 2, 5)));
        first.close();
        final Path table = nvmeFile.resolveSibling(nvmeFile.getFileName() + ".gen");
        assertTrue(Files.exists(table), "generation table saved at close");

        final StorageServer kept1 = start(context().nvmeKeep(true));
        final BlockClient keptClient = connect(kept1);
        assertFalse(Files.exists(table), "generation table deleted once loaded");
        assertEquals(1, kept1.tier(TierKind.NVME).usedBlocks());
        assertArrayEquals(kept, keptClient.read(ref(NVME, 1, 5), 0, BLOCK));
        assertCode(ErrorCode.STALE_BLOCK, () -> keptClient.write(ref(NVME, 2, 5), 0, freed));
        kept1.close();

        final StorageServer ephemeral = start(context());
        final BlockClient ephemeralClient = connect(ephemeral);
        assertEquals(0, ephemeral.tier(TierKind.NVME).usedBlocks());
        assertCode(ErrorCode.STALE_BLOCK, () -> ephemeralClient.read(ref(NVME, 1, 5), 0, BLOCK));
        assertFalse(Files.exists(table));
    }

    @Test
    void shouldCloseWithIoInFlightAndReopenTheFile(final TestInfo info) throws Exception
    {
        files(info);
        final StorageServer server = start(context().nvmeQueueDepth(4));
        final BlockClient client = connect(server);
        final List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int round = 0; round < 4; round++)
        {
            for (int i = 0; i < BLOCKS; i++)
            {
                inFlight.add(client.writeInlineAsync(ref(NVME, i, 1 + round), 0, randomBytes(BLOCK, i)));
                inFlight.add(client.readAsync(ref(NVME, i, 1 + round), 0, BLOCK));
            }
        }
        server.close();
        for (final CompletableFuture<?> request : inFlight)
        {
            try
            {
                request.get(10, TimeUnit.SECONDS);
            }
            catch (final java.util.concurrent.ExecutionException expected)
            {
                // refused, stale, or the connection closed: any answer but a hang is fine
            }
        }

        final BlockClient again = connect(start(context().nvmeQueueDepth(4)));
        final byte[] data = randomBytes(BLOCK, 16);
        again.write(ref(NVME, 0, 1), 0, data);
        assertArrayEquals(data, again.read(ref(NVME, 0, 1), 0, BLOCK));
    }
}
