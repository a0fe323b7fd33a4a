package io.pocket.transport;

import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;
import org.junit.jupiter.api.Test;

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
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queued writes on a {@link BlockingConnection} that carry payloads from the caller's buffers: each
 * goes out in the one flush right behind its frame, a batch larger than the socket buffers waits
 * for a slow server, a server that stops reading times the flush out, and the flush lets go of
 * what it sent. WRITE_BLOCK request bodies here are u32 block, u32 payload length; the payload
 * follows the frame.
 */
class BlockingConnectionPayloadTest extends PipelineFixture
{
    private static final int WRITE = Opcodes.WRITE_BLOCK;
    private static final int BLOCK_BYTES = 64 << 10;
    /** A fixed server receive buffer: what the kernel takes unread does not grow while the server reads. */
    private static final int SERVER_RECEIVE_BUFFER = 64 << 10;

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
}
