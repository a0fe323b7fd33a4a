package io.pocket.dataplane;

import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pocket.dataplane.StorageServerTest.BLOCK;
import static io.pocket.dataplane.StorageServerTest.BLOCKS;
import static io.pocket.dataplane.StorageServerTest.SERVER_ID;
import static io.pocket.dataplane.StorageServerTest.randomBytes;
import static io.pocket.dataplane.StorageServerTest.ref;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed requests close only the offending connection; closing the server with connections open is safe. */
@Timeout(30)
class StorageServerRobustnessTest
{
    private static Transport clientTransport;
    private StorageServer server;
    private BlockClient bystander;

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
        bystander = BlockClient.connect(server, clientTransport);
        bystander.write(ref(10, 1), 0, randomBytes(BLOCK, 10));
    }

    @AfterEach
    void stop()
    {
        bystander.close();
        server.close();
    }

    private void assertBystanderWorks()
    {
        assertTrue(bystander.rpc().isOpen());
        assertArrayEquals(randomBytes(BLOCK, 10), bystander.read(ref(10, 1), 0, BLOCK));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 1000})
    void shouldCloseConnectionWhenDataDisagreesWithDeclaredLength(final int surplus) throws InterruptedException
    {
        try (BlockClient offender = BlockClient.connect(server, clientTransport))
        {
            final CompletableFuture<Void> reply = offender.rpc().call(Opcodes.WRITE_BLOCK, w ->
            {
                BlockIoFlyweight.write(w, ref(11, 1), 0, 100);
                w.skip(100 + surplus);
            }, ResponseDecoder.EMPTY);

            final ProtocolException ex =
                assertThrows(ProtocolException.class, () -> Futures.await(reply, 5_000, "server"));
            assertTrue(ex.getMessage().contains("declares 100 data bytes"), ex.getMessage());
            awaitClosed(offender);
            assertThrows(ServiceUnavailableException.class, () -> offender.read(ref(10, 1), 0, 1));
        }
        assertBystanderWorks();
        assertEquals(1, server.tier().usedBlocks());
    }

    @Test
    void shouldCloseConnectionOnUnknownOpcodeOrTrailingBytes() throws InterruptedException
    {
        try (BlockClient offender = BlockClient.connect(server, clientTransport))
        {
            assertThrows(ProtocolException.class, () -> Futures.await(
                offender.rpc().call(Opcodes.REGISTER_JOB, Encoder.EMPTY, ResponseDecoder.EMPTY), 5_000, "server"));
            awaitClosed(offender);
        }
        try (BlockClient offender = BlockClient.connect(server, clientTransport))
        {
            assertThrows(ProtocolException.class, () -> Futures.await(offender.rpc().call(Opcodes.READ_BLOCK, w ->
            {
                BlockIoFlyweight.write(w, ref(10, 1), 0, 1);
                w.putInt(0);
            }, BlockClient.READ_DATA), 5_000, "server"));
            awaitClosed(offender);
        }
        assertBystanderWorks();
    }

    @Test
    void shouldCloseRawConnectionSendingGarbage() throws IOException
    {
        final byte[] garbage = randomBytes(64, 99);
        final ByteBuffer frame = ByteBuffer.wrap(garbage).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(FrameHeader.LENGTH_OFFSET, garbage.length);
        frame.putShort(FrameHeader.OPCODE_OFFSET, (short)0xBEEF);
        frame.putShort(FrameHeader.FLAGS_OFFSET, (short)0);
        assertRawConnectionRefused(garbage);
    }

    @Test
    void shouldCloseRawConnectionSendingHugeLengthPrefix() throws IOException
    {
        final ByteBuffer frame = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(0, Integer.MAX_VALUE);
        frame.putShort(FrameHeader.OPCODE_OFFSET, (short)Opcodes.HELLO);
        assertRawConnectionRefused(frame.array());
    }

    @Test
    void shouldCloseRawConnectionWithWrongHelloMagic() throws IOException
    {
        final ByteBuffer frame = ByteBuffer.allocate(FrameHeader.HEADER_LENGTH + 8).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(FrameHeader.LENGTH_OFFSET, frame.capacity());
        frame.putShort(FrameHeader.OPCODE_OFFSET, (short)Opcodes.HELLO);
        frame.putLong(FrameHeader.CORRELATION_ID_OFFSET, 1);
        frame.putInt(FrameHeader.HEADER_LENGTH, 0x12345678);
        frame.putShort(FrameHeader.HEADER_LENGTH + 4, (short)Hello.VERSION);
        assertRawConnectionRefused(frame.array());
    }

    @Test
    void shouldCloseWithConnectionsOpenAndReadsInFlight() throws Exception
    {
        final BlockClient other = BlockClient.connect(server, clientTransport);
        final List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            reads.add(bystander.readAsync(ref(10, 1), 0, BLOCK));
            reads.add(other.readAsync(ref(10, 1), 0, BLOCK));
        }

        final long startNanos = System.nanoTime();
        server.close();
        assertTrue(System.nanoTime() - startNanos < TimeUnit.SECONDS.toNanos(5), "close took too long");
        assertTrue(server.tier().isClosed());
        assertTrue(server.terminationFuture().isDone());
        server.close();

        final byte[] expected = randomBytes(BLOCK, 10);
        for (final CompletableFuture<byte[]> read : reads)
        {
            try
            {
                assertArrayEquals(expected, read.get(5, TimeUnit.SECONDS));
            }
            catch (final java.util.concurrent.ExecutionException ex)
            {
                assertTrue(ex.getCause() instanceof ServiceUnavailableException, String.valueOf(ex.getCause()));
            }
        }
        awaitClosed(bystander);
        awaitClosed(other);
        other.close();
    }

    /**
     * A WRITE_BLOCK's data lands in the arena as it arrives. If its block is freed and written again under a newer
     * generation before the rest arrives, the late write is refused and the newer generation, which may now hold
     * mixed bytes, fails its reads rather than return them; the connection stays usable.
     */
    @Test
    void shouldRefuseAWriteWhoseBlockWasReusedWhileItsDataArrived() throws Exception
    {
        final byte[] late = randomBytes(BLOCK, 12);
        final ByteBuffer frame =
            ByteBuffer.wrap(RawFrames.write(5, 0, SERVER_ID, 0, 12, 1, late)).order(ByteOrder.LITTLE_ENDIAN);
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            final DataInputStream in = RawFrames.greet(socket);

            final int half = FrameHeader.HEADER_LENGTH + BlockIoFlyweight.LENGTH + BLOCK / 2;
            socket.getOutputStream().write(frame.array(), 0, half);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.tier().generation(12) != 1 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(1, server.tier().generation(12), "the write has begun");
            bystander.free(List.of(ref(12, 1)));
            bystander.write(ref(12, 2), 0, randomBytes(BLOCK, 13));

            socket.getOutputStream().write(frame.array(), half, frame.capacity() - half);
            final ByteBuffer answer = RawFrames.read(in);
            assertEquals(5, answer.getLong(FrameHeader.CORRELATION_ID_OFFSET));
            assertEquals(FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR, answer.getShort(FrameHeader.FLAGS_OFFSET));
            assertEquals(ErrorCode.STALE_BLOCK.code(), answer.getShort(FrameHeader.HEADER_LENGTH) & 0xFFFF);

            final PocketException mixed = assertThrows(PocketException.class, () -> bystander.read(ref(12, 2), 0, BLOCK));
            assertEquals(ErrorCode.STALE_BLOCK, mixed.code());

            frame.putLong(FrameHeader.CORRELATION_ID_OFFSET, 6).putLong(FrameHeader.HEADER_LENGTH + 16, 3);
            socket.getOutputStream().write(frame.array());
            final ByteBuffer written = RawFrames.read(in);
            assertEquals(6, written.getLong(FrameHeader.CORRELATION_ID_OFFSET));
            assertEquals(FrameHeader.FLAG_RESPONSE, written.getShort(FrameHeader.FLAGS_OFFSET));
        }
        assertArrayEquals(late, bystander.read(ref(12, 3), 0, BLOCK), "a write of the block afresh lands whole");
        assertBystanderWorks();
    }

    /**
     * Quiet DRAM writes are answered only when they fail, in order with the other answers, small or placed alike;
     * quiet on another opcode closes the connection.
     */
    @Test
    void shouldAnswerQuietWritesOnlyWhenTheyFail() throws Exception
    {
        final byte[] small = randomBytes(100, 20);
        final byte[] whole = randomBytes(BLOCK, 21);
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            final DataInputStream in = RawFrames.greet(socket);
            socket.getOutputStream().write(RawFrames.write(2, FrameHeader.FLAG_QUIET, SERVER_ID, 0, 20, 1, small));
            socket.getOutputStream().write(RawFrames.write(3, FrameHeader.FLAG_QUIET, SERVER_ID, 0, 21, 1, whole));
            socket.getOutputStream().write(RawFrames.write(4, FrameHeader.FLAG_QUIET, SERVER_ID, 0, 10, 0, small));
            socket.getOutputStream().write(RawFrames.write(5, 0, SERVER_ID, 0, 22, 1, small));

            final ByteBuffer failed = RawFrames.read(in);
            assertEquals(4, failed.getLong(FrameHeader.CORRELATION_ID_OFFSET), "only the failed quiet write is answered");
            assertEquals(FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR, failed.getShort(FrameHeader.FLAGS_OFFSET));
            assertEquals(ErrorCode.STALE_BLOCK.code(), failed.getShort(FrameHeader.HEADER_LENGTH) & 0xFFFF);
            final ByteBuffer last = RawFrames.read(in);
            assertEquals(5, last.getLong(FrameHeader.CORRELATION_ID_OFFSET));
            assertEquals(FrameHeader.FLAG_RESPONSE, last.getShort(FrameHeader.FLAGS_OFFSET));
            assertArrayEquals(small, bystander.read(ref(20, 1), 0, small.length));
            assertArrayEquals(whole, bystander.read(ref(21, 1), 0, BLOCK));

            final ByteBuffer read = ByteBuffer.allocate(FrameHeader.HEADER_LENGTH + BlockIoFlyweight.LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN);
            read.putInt(read.capacity()).putShort((short)Opcodes.READ_BLOCK).putShort((short)FrameHeader.FLAG_QUIET)
                .putLong(6).putInt(SERVER_ID).putInt(0).putLong(20).putLong(1).putLong(0).putInt(0).putInt(100);
            socket.getOutputStream().write(read.array());
            final ByteBuffer refused = RawFrames.read(in);
            assertEquals(ErrorCode.PROTOCOL_ERROR.code(), refused.getShort(FrameHeader.HEADER_LENGTH) & 0xFFFF);
            final String message = RawFrames.errorMessage(refused);
            assertTrue(message.contains("READ_BLOCK cannot be sent quietly"), message);
            assertEquals(-1, readUntilEnd(in), "server should close the connection");
        }
        assertBystanderWorks();
    }

    private void assertRawConnectionRefused(final byte[] bytes) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", server.port()))
        {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();

            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final byte[] lengthBytes = new byte[4];
            in.readFully(lengthBytes);
            final int length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
            assertTrue(length >= FrameHeader.HEADER_LENGTH + 2 && length < 4096, "error frame length " + length);
            final ByteBuffer rest = ByteBuffer.allocate(length - 4).order(ByteOrder.LITTLE_ENDIAN);
            in.readFully(rest.array());
            final int flags = rest.getShort(FrameHeader.FLAGS_OFFSET - 4) & 0xFFFF;
            assertEquals(FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR, flags);
            assertEquals(ErrorCode.PROTOCOL_ERROR.code(), rest.getShort(FrameHeader.HEADER_LENGTH - 4) & 0xFFFF);
            assertEquals(-1, readUntilEnd(in), "server should close the connection");
        }
        assertBystanderWorks();
    }

    private static int readUntilEnd(final InputStream in) throws IOException
    {
        final byte[] sink = new byte[4096];
        int n;
        do
        {
            n = in.read(sink);
        }
        while (n > 0);
        return n;
    }

    private static void awaitClosed(final BlockClient client) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.rpc().isOpen() && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertFalse(client.rpc().isOpen(), "connection should be closed");
    }
}
