package io.pocket.transport;

import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
 * little-endian length, then the block's bytes. Queued writes with payloads are in
 * {@link BlockingConnectionPayloadTest}.
 */
class BlockingConnectionPipelineTest extends PipelineFixture
{
    private static final int READ = Opcodes.READ_BLOCK;

    @Test
    void quietRequestsGoOutQuietButTheLastOfAFlushIsAnswered() throws IOException
    {
        start(held -> held.size() == 4 ? ScriptedServer.response(READ, held.get(3).correlationId(), new byte[4]) : null);
        final long[] ids = new long[4];
        for (int i = 0; i < ids.length; i++)
        {
            connection.queue(READ).putInt(i).putInt(0);
            ids[i] = connection.endQueued(null, i != 1);
        }
        connection.flush();
        assertEquals(2, connection.pending(), "one answer for the request sent plainly, one for the last");
        final MessageReader head = connection.receiveHead(READ, 4);
        assertEquals(ids[3], head.header().correlationId());
        assertEquals(1, connection.pending());
        final List<Integer> flags = new ArrayList<>();
        for (final ScriptedServer.Request request : seen)
        {
            flags.add(request.flags());
        }
        assertEquals(List.of(FrameHeader.FLAG_QUIET, 0, FrameHeader.FLAG_QUIET, 0), flags,
            "the last quiet request of the flush goes out plainly");
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
        start(BlockingConnectionPipelineTest::secondOfThreeNotFound);
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
        start(BlockingConnectionPipelineTest::secondOfThreeNotFound);
        final long[] ids = new long[3];
        for (int i = 0; i < 3; i++)
        {
            ids[i] = queueRead(i, 50);
        }
        connection.flush();
        connection.receiveHead(READ, 4).getInt();
        assertEquals(ids[0], connection.lastAnswerId());
        assertArrayEquals(block(0, 50), payload(50));
        assertThrows(ObjectNotFoundException.class, () -> connection.receiveHead(READ, 4));
        assertEquals(ids[1], connection.lastAnswerId(), "an error answer names its request");
        connection.receiveHead(READ, 4).getInt();
        assertEquals(ids[2], connection.lastAnswerId());
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

    /** Holds three READ_BLOCKs, then answers the first and third and says the second's block is not found. */
    private static byte[] secondOfThreeNotFound(final List<ScriptedServer.Request> held)
    {
        if (held.size() < 3)
        {
            return null;
        }
        return concat(readAnswer(held.get(0)),
            ScriptedServer.error(READ, held.get(1).correlationId(), ErrorCode.OBJECT_NOT_FOUND.code(), "no block 1"),
            readAnswer(held.get(2)));
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
}
