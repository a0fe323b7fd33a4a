package io.pocket.dataplane;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.PocketException;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.ErrorCode;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block semantics of a standalone storage server, through a real TCP client. */
@Timeout(30)
class StorageServerTest
{
    static final int SERVER_ID = 7;
    static final int BLOCK = 64 * 1024;
    static final int BLOCKS = 64;
    static final int DRAM = 0;

    private static Transport clientTransport;
    private StorageServer server;
    private BlockClient client;

    @BeforeAll
    static void startTransport()
    {
        clientTransport = Transport.create(Transport.Kind.AUTO, 2, "test-client");
    }

    @AfterAll
    static void stopTransport()
    {
        clientTransport.close();
    }

    @BeforeEach
    void start()
    {
        server = StorageServer.start(new StorageServerContext()
            .bindHost("127.0.0.1")
            .serverId(SERVER_ID)
            .dram((long)BLOCKS * BLOCK)
            .blockSize(BLOCK));
        client = BlockClient.connect(server, clientTransport);
    }

    @AfterEach
    void stop()
    {
        client.close();
        server.close();
    }

    static BlockRef ref(final long blockId, final long generation)
    {
        return new BlockRef(SERVER_ID, DRAM, blockId, generation, 0);
    }

    static byte[] randomBytes(final int length, final long seed)
    {
        final byte[] data = new byte[length];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)random.nextInt(256);
        }
        return data;
    }

    static void assertCode(final ErrorCode code, final Executable call)
    {
        final PocketException ex = assertThrows(PocketException.class, call);
        assertEquals(code, ex.code(), ex.getMessage());
    }

    @Test
    void shouldReadBackFullBlockPartialRangeAndSingleByte()
    {
        final byte[] data = randomBytes(BLOCK, 1);
        client.write(ref(3, 1), 0, data);

        assertArrayEquals(data, client.read(ref(3, 1), 0, BLOCK));
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 1000 + 5000), client.read(ref(3, 1), 1000, 5000));
        assertArrayEquals(new byte[] {data[BLOCK - 1]}, client.read(ref(3, 1), BLOCK - 1, 1));
        assertEquals(0, client.read(ref(3, 1), 10, 0).length);
        assertEquals(1, server.tier().usedBlocks());
        assertEquals(BLOCK, server.rxBytes());
        assertEquals(BLOCK + 5000 + 1, server.txBytes());
    }

    @Test
    void shouldWriteOneBlockInParts()
    {
        final byte[] first = randomBytes(100, 2);
        final byte[] second = randomBytes(BLOCK - 100, 3);
        client.write(ref(4, 9), 0, first);
        client.write(ref(4, 9), 100, second);

        final byte[] all = client.read(ref(4, 9), 0, BLOCK);
        assertArrayEquals(first, Arrays.copyOfRange(all, 0, 100));
        assertArrayEquals(second, Arrays.copyOfRange(all, 100, BLOCK));
    }

    @Test
    void shouldAnswerStaleBlockForWrongGeneration()
    {
        client.write(ref(5, 5), 0, randomBytes(10, 4));

        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(5, 4), 0, 10));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(5, 6), 0, 10));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(6, 1), 0, 10));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.write(ref(5, 4), 0, new byte[1]));
        assertCode(ErrorCode.STALE_BLOCK, () -> client.write(ref(5, 0), 0, new byte[1]));
    }

    @Test
    void shouldAnswerStaleBlockAfterFreeAndIgnoreStaleFrees()
    {
        final byte[] data = randomBytes(BLOCK, 5);
        client.write(ref(1, 1), 0, data);
        client.write(ref(2, 3), 0, data);
        assertEquals(2, server.tier().usedBlocks());

        client.free(List.of(ref(1, 1), ref(2, 2), new BlockRef(SERVER_ID + 1, DRAM, 2, 3, 0), ref(9, 1)));

        assertCode(ErrorCode.STALE_BLOCK, () -> client.read(ref(1, 1), 0, BLOCK));
        assertArrayEquals(data, client.read(ref(2, 3), 0, BLOCK));
        assertEquals(1, server.tier().usedBlocks());

        client.write(ref(1, 2), 0, new byte[] {42});
        assertArrayEquals(new byte[] {42}, client.read(ref(1, 2), 0, 1));
    }

    @Test
    void shouldRefuseRangeBeyondBlockAndKeepConnection()
    {
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.write(ref(0, 1), BLOCK - 10, new byte[11]));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.write(ref(0, 1), -1, new byte[1]));
        client.write(ref(0, 1), 0, new byte[] {1, 2, 3});
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.read(ref(0, 1), BLOCK - 1, 2));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.read(ref(0, 1), 0, -1));

        assertTrue(client.rpc().isOpen());
        assertArrayEquals(new byte[] {1, 2, 3}, client.read(ref(0, 1), 0, 3));
    }

    @Test
    void shouldRefuseOutOfRangeBlockIdAndUnknownTier()
    {
        final InvalidArgumentException ex =
            assertThrows(InvalidArgumentException.class, () -> client.read(ref(BLOCKS, 1), 0, 1));
        assertTrue(ex.getMessage().contains("out of range"), ex.getMessage());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.write(ref(-1, 1), 0, new byte[1]));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> client.write(ref(Long.MAX_VALUE, 1), 0, new byte[1]));
        assertCode(ErrorCode.INVALID_ARGUMENT,
            () -> client.write(new BlockRef(SERVER_ID, 1, 0, 1, 0), 0, new byte[1]));

        assertTrue(client.rpc().isOpen());
        client.write(ref(BLOCKS - 1, 1), 0, new byte[] {7});
        assertArrayEquals(new byte[] {7}, client.read(ref(BLOCKS - 1, 1), 0, 1));
    }

    @Test
    void shouldAnswerUnknownServerForAnotherServersReference()
    {
        final PocketException ex = assertThrows(PocketException.class,
            () -> client.write(new BlockRef(SERVER_ID + 1, DRAM, 0, 1, 0), 0, new byte[1]));
        assertEquals(ErrorCode.UNKNOWN_SERVER, ex.code());
        assertTrue(ex.getMessage().contains("server " + (SERVER_ID + 1)), ex.getMessage());
        assertEquals(0, server.tier().usedBlocks());
    }
}
