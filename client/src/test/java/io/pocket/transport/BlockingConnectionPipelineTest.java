package io.pocket.transport;

import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipelining on a {@link BlockingConnection} against a plain-socket server that holds answers back,
 * answers out of order, in pieces, with errors or not at all: requests go out in one flush, each
 * answer's head names its request, its payload lands where the caller says, and anything wrong
 * ends the connection. READ_BLOCK answers are laid out as the storage server sends them: u32
 * little-endian length, then the block's bytes. WRITE_BLOCK requests carry their block's bytes as
 * a payload behind the frame, sent from the caller's buffers; their body here is u32 block, u32
 * payload length.
 */
class BlockingConnectionPipelineTest
{
    private static final String LABEL = "storage server";
    private static final int TIMEOUT_MS = 200;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int MAX_FRAME = 2 << 20;
    private static final int READ = Opcodes.READ_BLOCK;
    private static final int ECHO = Opcodes.LOOKUP;
    private static final int WRITE = Opcodes.WRITE_BLOCK;
    private static final int BLOCK_BYTES = 64 << 10;
    /** A fixed server receive buffer: what the kernel takes unread does not grow while the server reads. */
    private static final int SERVER_RECEIVE_BUFFER = 64 << 10;

    private final List<ScriptedServer.Request> seen = new CopyOnWriteArrayList<>();
    private ScriptedServer server;
    private BlockingConnection connection;

    @AfterEach
    void stop()
    {
        if (connection != null)
        {
            connection.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void queuedRequestsGoOutInOneFlushAndTheirPayloadsLandInTheCallersSlices() throws IOException
    {
        final int[] lengths = {1_000, 100_000, 3};
        start(held -> answerAllOnce(held, lengths.length, false));
        final long[] ids = new long[lengths.length];
        for (int i = 0; i < lengths.length; i++)
        {
            connection.queue(READ).putInt(i).putInt(lengths[i]);
            ids[i] = connection.endQueued();
            assertFalse(connection.isUsable(), "queued requests make the connection busy");
        }
        assertEquals(0, connection.pending(), "nothing is pending before the flush");
        assertEquals(0, server.requests());
        connection.flush();
        assertEquals(lengths.length, connection.pending());

        final ByteBuffer destination = ByteBuffer.allocateDirect(sum(lengths));
        int offset = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            final MessageReader head = connection.receiveHead(READ, 4);
            assertEquals(ids[i], head.header().correlationId());
            assertEquals(lengths[i], head.getInt());
            assertEquals(lengths[i], connection.answerUnread());
            final ByteBuffer slice = destination.slice(offset, lengths[i]);
            connection.receivePayload(slice);
            assertFalse(slice.hasRemaining());
            assertEquals(0, connection.answerUnread());
            assertEquals(lengths.length - 1 - i, connection.pending());
            assertEquals(i == lengths.length - 1, connection.isUsable(), "usable once every answer is read");
            offset += lengths[i];
        }
        offset = 0;
        for (int i = 0; i < lengths.length; i++)
        {
            assertArrayEquals(block(i, lengths[i]), bytes(destination, offset, lengths[i]), "block " + i);
            offset += lengths[i];
        }

        assertEquals(lengths.length, seen.size());
        for (final ScriptedServer.Request request : seen)
        {
            assertEquals(seen.get(0).batch(), request.batch(), "every request arrived with the first");
        }
        assertEquals(77, echo(77), "a normal call works after the pipeline");
    }

    @Test
    void answersOutOfOrderAreToldApartByTheirCorrelationIds() throws IOException
    {
        final int[] lengths = {5_000, 17, 40_000, 1};
        start(held -> answerAllOnce(held, lengths.length, true));
        final Map<Long, Integer> blockOfId = new HashMap<>();
        for (int i = 0; i < lengths.length; i++)
        {
            connection.queue(READ).putInt(i).putInt(lengths[i]);
            blockOfId.put(connection.endQueued(), i);
        }
        connection.flush();

        final ByteBuffer destination = ByteBuffer.allocateDirect(sum(lengths));
        final List<Integer> order = new ArrayList<>();
        while (connection.pending() > 0)
        {
            final MessageReader head = connection.receiveHead(READ, 4);
            final int block = blockOfId.remove(head.header().correlationId());
            order.add(block);
            assertEquals(lengths[block], head.getInt());
            connection.receivePayload(destination.slice(offsetOf(lengths, block), lengths[block]));
        }
        assertEquals(List.of(3, 2, 1, 0), order, "the server answered last request first");
        assertTrue(blockOfId.isEmpty());
        for (int i = 0; i < lengths.length; i++)
        {
            assertArrayEquals(block(i, lengths[i]), bytes(destination, offsetOf(lengths, i), lengths[i]), "block " + i);
        }
        assertTrue(connection.isUsable());
        assertEquals(5, echo(5));
    }

    @Test
    void receiveRestGrowsTheReceiveBufferAndLeavesTheNextAnswerInTheSocket() throws IOException
    {
        final int big = 3 * FrameSocket.INITIAL_RECEIVE_CAPACITY + 5;
        final int[] lengths = {100, big, 12};
        start(held -> answerAllOnce(held, lengths.length, false));
        final long[] ids = new long[lengths.length];
        for (int i = 0; i < lengths.length; i++)
        {
            ids[i] = queueRead(i, lengths[i]);
        }
        connection.flush();

        for (int i = 0; i < lengths.length; i++)
        {
            final int headBytes = i == 1 ? 0 : 4;
            final MessageReader head = connection.receiveHead(READ, headBytes);
            assertEquals(ids[i], head.header().correlationId());
            assertEquals(headBytes, head.remaining(), "the head holds only the bytes asked for");
            assertEquals(4 + lengths[i] - headBytes, connection.answerUnread());
            final MessageReader rest = connection.receiveRest();
            if (headBytes == 0)
            {
                assertEquals(lengths[i], rest.getInt(), "without a head, the rest starts at the body");
            }
            assertEquals(lengths[i], rest.remaining());
            final byte[] bytes = new byte[lengths[i]];
            rest.buffer().getBytes(rest.position(), bytes);
            assertArrayEquals(block(i, lengths[i]), bytes, "block " + i);
        }
        assertTrue(connection.isUsable());
        assertEquals(6, echo(6));
    }

    @Test
    void aLastAnswerBeyondTheRetainedBufferIsReadWholeBeforeTheBufferIsTrimmed() throws IOException
    {
        final int huge = FrameSocket.RETAINED_RECEIVE_CAPACITY + 1_000;
        start(held -> answerAllOnce(held, 2, false));
        connection.queue(READ).putInt(0).putInt(8);
        connection.endQueued();
        connection.queue(READ).putInt(1).putInt(huge);
        connection.endQueued();
        connection.flush();

        connection.receiveHead(READ, 4).getInt();
        connection.receiveRest();
        assertEquals(huge, connection.receiveHead(READ, 4).getInt());
        final MessageReader rest = connection.receiveRest();
        assertTrue(connection.isUsable());
        final byte[] bytes = new byte[huge];
        rest.buffer().getBytes(rest.position(), bytes);
        assertArrayEquals(block(1, huge), bytes);
        assertEquals(8, echo(8));
    }

    @Test
    void moreRequestsQueuedWhileAnswersAreDueGoOutOnTheNextFlush() throws IOException
    {
        start(held -> answerAllOnce(held, 1, false));
        final long first = queueRead(0, 10);
        final long second = queueRead(1, 20);
        connection.flush();
        assertEquals(first, connection.receiveHead(READ, 4).header().correlationId());
        assertArrayEquals(block(0, 10), payload(10));
        final long third = queueRead(2, 30);
        assertEquals(1, connection.pending(), "a queued request is not pending before its flush");
        connection.flush();
        assertEquals(2, connection.pending());
        assertEquals(second, connection.receiveHead(READ, 4).header().correlationId());
        assertArrayEquals(block(1, 20), payload(20));
        assertEquals(third, connection.receiveHead(READ, 4).header().correlationId());
        assertArrayEquals(block(2, 30), payload(30));
        assertTrue(connection.isUsable());
    }

    @Test
    void anErrorAnswerInThePipelineIsTypedAndTheAnswersAfterItStillArrive() throws IOException
    {
        start(held ->
        {
            if (held.size() < 3)
            {
                return null;
            }
            return concat(readAnswer(held.get(0)),
                ScriptedServer.error(READ, held.get(1).correlationId(), ErrorCode.OBJECT_NOT_FOUND.code(), "no block 1"),
                readAnswer(held.get(2)));
        });
        try (BlockingConnectionPool pool = new BlockingConnectionPool(MAX_FRAME, CONNECT_TIMEOUT_MS, TIMEOUT_MS, 4))
        {
            connection.close();
            connection = pool.acquire(server.address(), LABEL);
            for (int i = 0; i < 3; i++)
            {
                queueRead(i, 50);
            }
            connection.flush();
            connection.receiveHead(READ, 4).getInt();
            assertArrayEquals(block(0, 50), payload(50));

            final ObjectNotFoundException ex = assertThrows(ObjectNotFoundException.class,
                () -> connection.receiveHead(READ, 4));
            assertEquals("no block 1", ex.getMessage());
            assertFalse(connection.isUsable(), "an answer is still due");
            assertThrows(IllegalStateException.class, () -> connection.begin(ECHO));
            assertEquals(1, pool.openConnections());
            pool.release(connection);
            assertEquals(0, pool.openConnections(), "the pool closes a connection given back with answers due");
            assertEquals(0, pool.idleConnections(server.address()));
        }
    }

    @Test
    void afterAnErrorAnswerTheStreamStaysInStep() throws IOException
    {
        start(held ->
        {
            if (held.size() < 3)
            {
                return null;
            }
            return concat(readAnswer(held.get(0)),
                ScriptedServer.error(READ, held.get(1).correlationId(), ErrorCode.OBJECT_NOT_FOUND.code(), "no block 1"),
                readAnswer(held.get(2)));
        });
        for (int i = 0; i < 3; i++)
        {
            queueRead(i, 50);
        }
        connection.flush();
        connection.receiveHead(READ, 4).getInt();
        assertArrayEquals(block(0, 50), payload(50));
        assertThrows(ObjectNotFoundException.class, () -> connection.receiveHead(READ, 4));
        connection.receiveHead(READ, 4).getInt();
        assertArrayEquals(block(2, 50), payload(50));
        assertTrue(connection.isUsable(), "every answer read: the connection can be reused");
    }

    @Test
    void errorCodesWithoutTheirOwnExceptionKeepTheirCode() throws IOException
    {
        start(held -> ScriptedServer.error(READ, held.get(0).correlationId(), ErrorCode.STALE_BLOCK.code(), "freed"));
        queueRead(0, 10);
        queueRead(1, 10);
        connection.flush();
        final PocketException ex = assertThrows(PocketException.class, () -> connection.receiveHead(READ, 0));
        assertEquals(ErrorCode.STALE_BLOCK, ex.code());
        assertEquals("freed", ex.getMessage());
        assertFalse(connection.isUsable());
    }

    @Test
    void aDestinationOfTheWrongSizeIsAProtocolError() throws IOException
    {
        start(held -> readAnswer(held.get(0)));
        queueRead(0, 64);
        connection.flush();
        connection.receiveHead(READ, 4).getInt();
        final ProtocolException ex = assertThrows(ProtocolException.class,
            () -> connection.receivePayload(ByteBuffer.allocateDirect(63)));
        assertTrue(ex.getMessage().contains("64 bytes of the answer left, 63 expected"), ex.getMessage());
        assertFalse(connection.isUsable());
    }

    @Test
    void malformedAnswersAreProtocolErrors() throws IOException
    {
        final AtomicReference<String> mode = new AtomicReference<>();
        start(held ->
        {
            if (held.size() < 2)
            {
                return null;
            }
            final long id = held.get(0).correlationId();
            final byte[] next = readAnswer(held.get(1));
            switch (mode.get())
            {
                case "too long": return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(MAX_FRAME + 1)
                    .putShort((short)READ).putShort((short)FrameHeader.FLAG_RESPONSE).putLong(id).array();
                case "shorter than its head": return concat(ScriptedServer.response(READ, id, new byte[2]), next);
                case "wrong opcode": return concat(ScriptedServer.response(ECHO, id, new byte[8]), next);
                case "a request": return concat(ScriptedServer.frame(READ, 0, id, new byte[8]), next);
                default: throw new AssertionError(mode.get());
            }
        });
        for (final String bad : new String[] {"too long", "shorter than its head", "wrong opcode", "a request"})
        {
            mode.set(bad);
            connection.close();
            connection = BlockingConnection.open(server.address(), MAX_FRAME, CONNECT_TIMEOUT_MS, TIMEOUT_MS).label(LABEL);
            queueRead(0, 4);
            queueRead(1, 4);
            connection.flush();
            final ProtocolException ex = assertThrows(ProtocolException.class, () -> connection.receiveHead(READ, 4), bad);
            assertTrue(ex.getMessage().startsWith("bad frame from " + server.address()), ex.getMessage());
            assertFalse(connection.isUsable(), bad);
        }
    }

    @Test
    void aSilentServerTimesOutEachAnswerWithinTheRequestTimeout() throws IOException
    {
        start(held -> blockOf(held.get(0)) == 0 ? readAnswer(held.get(0)) : new byte[0]);
        queueRead(0, 10);
        queueRead(1, 10);
        connection.flush();
        connection.receiveHead(READ, 4).getInt();
        payload(10);
        final long start = System.nanoTime();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> connection.receiveHead(READ, 4));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(LABEL + " did not answer within " + TIMEOUT_MS + " ms", ex.getMessage());
        assertTrue(ms >= TIMEOUT_MS - 5 && ms < 2_000, "took " + ms + " ms");
        assertFalse(connection.isUsable());
    }

    @Test
    void misuseIsAnIllegalStateThatLeavesThePipelineIntact() throws IOException
    {
        start(held -> readAnswer(held.get(0)));
        assertThrows(IllegalStateException.class, () -> connection.receiveHead(READ, 4), "nothing pending");
        assertThrows(IllegalStateException.class, () -> connection.endQueued(), "nothing queued");
        queueRead(0, 10);
        assertThrows(IllegalStateException.class, () -> connection.begin(ECHO), "a request is queued");
        assertThrows(IllegalStateException.class, () -> connection.receiveHead(READ, 4), "queued, not sent");
        connection.flush();
        assertThrows(IllegalStateException.class, () -> connection.begin(ECHO), "an answer is due");
        assertThrows(IllegalArgumentException.class, () -> connection.receiveHead(READ, 5));
        connection.receiveHead(READ, 4).getInt();
        assertThrows(IllegalStateException.class, () -> connection.receiveHead(READ, 4), "the last answer is half read");
        assertArrayEquals(block(0, 10), payload(10));
        assertTrue(connection.isUsable());
        assertThrows(IllegalStateException.class, () -> connection.receiveHead(READ, 4), "everything was read");
        assertEquals(9, echo(9));
    }

    @Test
    void aFlushInTheMiddleOfAQueuedRequestSendsEachRequestOnce() throws IOException
    {
        start(held -> readAnswer(held.get(0)));
        final long first = queueRead(0, 10);
        connection.queue(READ).putInt(1).putInt(20);
        try
        {
            connection.flush();
        }
        catch (final IllegalStateException refused)
        {
            return;
        }
        final long second = connection.endQueued();
        connection.flush();
        final List<Long> answered = new ArrayList<>();
        while (connection.pending() > 0)
        {
            final MessageReader head = connection.receiveHead(READ, 4);
            answered.add(head.header().correlationId());
            payload(head.getInt());
        }
        assertEquals(List.of(first, second), answered, "each request was sent once, in order");
        assertTrue(connection.isUsable());
    }

    @Test
    void answersArrivingInSmallPiecesDecodeWhole() throws IOException
    {
        final int[] lengths = {150, 7, 300};
        start(held -> answerAllOnce(held, lengths.length, true));
        server.dribble(7, 1);
        final long[] ids = new long[lengths.length];
        for (int i = 0; i < lengths.length; i++)
        {
            ids[i] = queueRead(i, lengths[i]);
        }
        connection.flush();
        for (int i = lengths.length - 1; i >= 0; i--)
        {
            final MessageReader head = connection.receiveHead(READ, 4);
            assertEquals(ids[i], head.header().correlationId());
            assertEquals(lengths[i], head.getInt());
            if (i == 1)
            {
                final MessageReader rest = connection.receiveRest();
                final byte[] bytes = new byte[rest.remaining()];
                rest.buffer().getBytes(rest.position(), bytes);
                assertArrayEquals(block(i, lengths[i]), bytes);
            }
            else
            {
                assertArrayEquals(block(i, lengths[i]), payload(lengths[i]));
            }
        }
        assertTrue(connection.isUsable());
        assertEquals(3, echo(3));
    }

    @Test
    void queuedWritesGoOutInOneFlushEachFollowedByExactlyItsPayload() throws IOException
    {
        start(held -> writeAnswer(held.get(0)));
        final ByteBuffer direct = ByteBuffer.allocateDirect(3_000).put(block(1, 3_000)).flip();
        final ByteBuffer heap = ByteBuffer.allocate(1_200).put(100, block(2, 1_000)).position(100).limit(1_100);
        final ByteBuffer empty = ByteBuffer.allocate(10).position(10);
        final ByteBuffer parent = ByteBuffer.allocateDirect(5_000).put(500, block(4, 2_000));
        final ByteBuffer readOnly = parent.slice(500, 2_000).asReadOnlyBuffer();
        final ByteBuffer[] payloads = {null, direct, heap, empty, readOnly, null};
        final long[] ids = new long[payloads.length];
        for (int i = 0; i < payloads.length; i++)
        {
            ids[i] = queueWrite(i, payloads[i]);
        }
        assertEquals(0, direct.position(), "a payload waits for the flush untouched");
        connection.flush();

        assertEquals(3_000, direct.position());
        assertEquals(1_100, heap.position());
        assertEquals(1_100, heap.limit());
        assertEquals(10, empty.position());
        assertEquals(2_000, readOnly.position());
        assertEquals(0, parent.position(), "a slice's position is its own");
        receiveWriteAnswers(ids);
        assertWritesSeen(ids, new byte[][] {{}, block(1, 3_000), block(2, 1_000), {}, block(4, 2_000), {}});
        for (final ScriptedServer.Request request : seen)
        {
            assertEquals(seen.get(0).batch(), request.batch(), "every write arrived with the first");
        }
        assertEquals(7, echo(7), "a normal call works after the pipeline");
    }

    @Test
    void moreThanEightQueuedWritesGrowTheQueueAndItsGatherList() throws IOException
    {
        start(held -> writeAnswer(held.get(0)));
        final int[] rounds = {20, 12, 40};
        for (int round = 0; round < rounds.length; round++)
        {
            seen.clear();
            final long[] ids = new long[rounds[round]];
            final ByteBuffer[] payloads = new ByteBuffer[ids.length];
            final byte[][] expected = new byte[ids.length][];
            for (int i = 0; i < ids.length; i++)
            {
                final boolean none = round == 1 || round == 0 && i % 3 == 0;
                expected[i] = none ? new byte[0] : block(i, 1 + i * 97 % 1_500);
                payloads[i] = none ? null :
                    (i % 2 == 0 ? ByteBuffer.allocateDirect(expected[i].length) : ByteBuffer.allocate(expected[i].length))
                        .put(expected[i]).flip();
                ids[i] = queueWrite(i, payloads[i]);
            }
            connection.flush();
            for (final ByteBuffer payload : payloads)
            {
                assertTrue(payload == null || !payload.hasRemaining(), "round " + round + ": every payload sent");
            }
            receiveWriteAnswers(ids);
            assertWritesSeen(ids, expected);
        }
        assertEquals(8, echo(8));
    }

    @Test
    void aBatchBeyondTheSocketBuffersWaitsForASlowServerAndArrivesWhole() throws IOException
    {
        final int count = bytesAnUnreadSocketTakes() / BLOCK_BYTES + 16;
        final int requestTimeoutMs = 2_000;
        final int pauseMs = 5;
        start(SERVER_RECEIVE_BUFFER, requestTimeoutMs, held -> writeAnswer(held.get(0)));
        server.readSlowly(128 << 10, pauseMs);
        final long[] ids = new long[count];
        final ByteBuffer[] payloads = new ByteBuffer[count];
        final byte[][] expected = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            expected[i] = block(i, BLOCK_BYTES);
            payloads[i] = (i % 2 == 0 ? ByteBuffer.allocateDirect(BLOCK_BYTES) : ByteBuffer.allocate(BLOCK_BYTES))
                .put(expected[i]).flip();
            ids[i] = queueWrite(i, payloads[i]);
        }
        final long start = System.nanoTime();
        connection.flush();
        final long ms = (System.nanoTime() - start) / 1_000_000;

        // 16 blocks more than the kernel takes unread: the write waits until the server has read
        // at least 1 MiB, 128 KiB per pause.
        assertTrue(ms >= 4 * pauseMs && ms < requestTimeoutMs, "flush took " + ms + " ms");
        for (final ByteBuffer payload : payloads)
        {
            assertFalse(payload.hasRemaining());
        }
        receiveWriteAnswers(ids);
        assertWritesSeen(ids, expected);
    }

    @Test
    void aFlushToAServerThatStoppedReadingTimesOutAndClosesTheConnection() throws IOException
    {
        final int count = bytesAnUnreadSocketTakes() / BLOCK_BYTES + 16;
        start(SERVER_RECEIVE_BUFFER, TIMEOUT_MS, held -> writeAnswer(held.get(0)));
        server.stopReading();
        final ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        final ByteBuffer[] payloads = new ByteBuffer[count];
        for (int i = 0; i < count; i++)
        {
            payloads[i] = block.duplicate();
            queueWrite(i, payloads[i]);
        }
        final long start = System.nanoTime();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class, connection::flush);
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(LABEL + " did not take the request within " + TIMEOUT_MS + " ms", ex.getMessage());

        assertTrue(ms >= TIMEOUT_MS - 5 && ms < TIMEOUT_MS + 1_000, "took " + ms + " ms");
        assertTrue(payloads[count - 1].hasRemaining(), "the last block never left");
        assertFalse(connection.isUsable());
        assertThrows(ServiceUnavailableException.class, () -> connection.queue(WRITE), "the connection is closed");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aFlushLetsGoOfThePayloadsItSent() throws IOException
    {
        start(held -> writeAnswer(held.get(0)));
        final long[] ids = new long[10];
        final List<WeakReference<ByteBuffer>> payloads = new ArrayList<>();
        for (int i = 0; i < ids.length; i++)
        {
            payloads.add(queueWriteOfOwnBuffer(ids, i));
        }
        System.gc();
        assertTrue(payloads.stream().allMatch(p -> p.get() != null), "queued payloads are held until the flush");
        connection.flush();
        for (int attempt = 0; attempt < 50 && payloads.stream().anyMatch(p -> p.get() != null); attempt++)
        {
            System.gc();
        }
        assertTrue(payloads.stream().allMatch(p -> p.get() == null), "nothing refers to a payload after its flush");
        receiveWriteAnswers(ids);
        assertEquals(ids.length, seen.size());
    }

    private void start(final ScriptedServer.HoldingScript script) throws IOException
    {
        start(0, TIMEOUT_MS, script);
    }

    private void start(final int receiveBufferBytes, final int requestTimeoutMs,
        final ScriptedServer.HoldingScript script) throws IOException
    {
        server = new ScriptedServer(true, receiveBufferBytes, held ->
        {
            final ScriptedServer.Request newest = held.get(held.size() - 1);
            if (newest.opcode() == ECHO)
            {
                return ScriptedServer.response(ECHO, newest.correlationId(), newest.body());
            }
            seen.add(newest);
            return script.answer(held);
        });
        connection = BlockingConnection.open(server.address(), MAX_FRAME, CONNECT_TIMEOUT_MS, requestTimeoutMs)
            .label(LABEL);
    }

    /** Queues a write of block {@code block} followed by {@code payload}'s remaining bytes (null: none). */
    private long queueWrite(final int block, final ByteBuffer payload)
    {
        connection.queue(WRITE).putInt(block).putInt(payload == null ? 0 : payload.remaining());
        return connection.endQueued(payload);
    }

    /** Queues write {@code block} with a payload only the connection refers to; returns a weak reference to it. */
    private WeakReference<ByteBuffer> queueWriteOfOwnBuffer(final long[] ids, final int block)
    {
        final ByteBuffer payload = ByteBuffer.allocate(1_000).put(block(block, 1_000)).flip();
        ids[block] = queueWrite(block, payload);
        return new WeakReference<>(payload);
    }

    /** Reads the answers to the writes, as CallerBlockWrites does: they name the writes in order. */
    private void receiveWriteAnswers(final long[] ids)
    {
        for (final long id : ids)
        {
            assertEquals(id, connection.receiveHead(WRITE, 0).header().correlationId());
            connection.receiveRest().end();
        }
        assertTrue(connection.isUsable());
    }

    /** The server read each write whole and in order: its frame's length counts exactly its payload, then those bytes. */
    private void assertWritesSeen(final long[] ids, final byte[][] payloads)
    {
        assertEquals(ids.length, seen.size());
        for (int i = 0; i < ids.length; i++)
        {
            final ScriptedServer.Request request = seen.get(i);
            assertEquals(WRITE, request.opcode());
            assertEquals(ids[i], request.correlationId());
            assertEquals(FrameHeader.HEADER_LENGTH + 8 + payloads[i].length,
                FrameHeader.HEADER_LENGTH + request.body().length, "frame length of write " + i);
            final ByteBuffer body = ByteBuffer.wrap(request.body()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(i, body.getInt());
            assertEquals(payloads[i].length, body.getInt());
            assertArrayEquals(payloads[i], java.util.Arrays.copyOfRange(request.body(), 8, request.body().length),
                "payload of write " + i);
        }
    }

    private static byte[] writeAnswer(final ScriptedServer.Request request)
    {
        return ScriptedServer.response(WRITE, request.correlationId(), new byte[0]);
    }

    /**
     * How many bytes a loopback connection takes before its writer must wait, when its reader, with
     * the server's fixed receive buffer, reads nothing: a batch larger than this cannot go out in
     * one go.
     */
    private static int bytesAnUnreadSocketTakes() throws IOException
    {
        try (ServerSocketChannel listener = ServerSocketChannel.open())
        {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, SERVER_RECEIVE_BUFFER);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel writer = SocketChannel.open(listener.getLocalAddress());
                SocketChannel reader = listener.accept())
            {
                writer.configureBlocking(false);
                final ByteBuffer chunk = ByteBuffer.allocateDirect(BLOCK_BYTES);
                int taken = 0;
                int idle = 0;
                while (idle < 3)
                {
                    final int n = writer.write(chunk.clear());
                    taken += n;
                    idle = n == 0 ? idle + 1 : 0;
                    if (n == 0)
                    {
                        LockSupport.parkNanos(1_000_000);
                    }
                }
                return taken;
            }
        }
    }

    private long queueRead(final int block, final int length)
    {
        connection.queue(READ).putInt(block).putInt(length);
        return connection.endQueued();
    }

    /** Reads the rest of the answer whose head was read into a new direct buffer; returns its bytes. */
    private byte[] payload(final int length)
    {
        final ByteBuffer destination = ByteBuffer.allocateDirect(length);
        connection.receivePayload(destination);
        return bytes(destination, 0, length);
    }

    private int echo(final int value)
    {
        connection.begin(ECHO).putInt(value);
        return connection.call(r ->
        {
            final int v = r.getInt();
            r.end();
            return v;
        });
    }

    /** Holds requests until {@code count} arrived, then answers them all in one write, last first if {@code reversed}. */
    private static byte[] answerAllOnce(final List<ScriptedServer.Request> held, final int count, final boolean reversed)
    {
        if (held.size() < count)
        {
            return null;
        }
        final ByteArrayOutputStream answers = new ByteArrayOutputStream();
        for (int i = 0; i < held.size(); i++)
        {
            answers.writeBytes(readAnswer(held.get(reversed ? held.size() - 1 - i : i)));
        }
        return answers.toByteArray();
    }

    private static int blockOf(final ScriptedServer.Request request)
    {
        return ByteBuffer.wrap(request.body()).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** A READ_BLOCK answer to a request whose body is (u32 block, u32 length): length, then the block's bytes. */
    private static byte[] readAnswer(final ScriptedServer.Request request)
    {
        final ByteBuffer body = ByteBuffer.wrap(request.body()).order(ByteOrder.LITTLE_ENDIAN);
        final int block = body.getInt();
        final int length = body.getInt();
        final byte[] answer = ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(length).put(block(block, length)).array();
        return ScriptedServer.response(READ, request.correlationId(), answer);
    }

    /** The bytes of block {@code block}: a pattern that differs per block and per offset. */
    private static byte[] block(final int block, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(block * 31 + i * 7 + (i >>> 8));
        }
        return bytes;
    }

    private static byte[] bytes(final ByteBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    private static int sum(final int[] lengths)
    {
        int sum = 0;
        for (final int length : lengths)
        {
            sum += length;
        }
        return sum;
    }

    private static int offsetOf(final int[] lengths, final int block)
    {
        int offset = 0;
        for (int i = 0; i < block; i++)
        {
            offset += lengths[i];
        }
        return offset;
    }

    private static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
