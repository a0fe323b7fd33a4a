package io.pocket.transport;

import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.Opcodes;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocking connections against plain-socket servers that answer well, stay silent, send
 * garbage or hang up: answers, typed errors, timeouts, and that a connection which failed is
 * never reused.
 */
class BlockingConnectionPoolTest
{
    private static final String LABEL = "test server";
    private static final int TIMEOUT_MS = 200;
    private static final int ECHO = Opcodes.LOOKUP;
    private static final int SILENT = Opcodes.ENUMERATE;

    private ScriptedServer server;
    private BlockingConnectionPool pool;

    @AfterEach
    void stop()
    {
        if (pool != null)
        {
            pool.close();
        }
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void answersComeBackOnOneReusedConnection() throws IOException
    {
        start(true, (opcode, id, body) -> opcode == ECHO ? ScriptedServer.response(opcode, id, body) : null);
        for (int i = 0; i < 100; i++)
        {
            final int value = i;
            assertEquals(value, (int)pool.call(server.address(), LABEL, ECHO, w -> w.putInt(value), r ->
            {
                final int v = r.getInt();
                r.end();
                return v;
            }));
        }
        assertEquals(1, server.accepted());
        assertEquals(1, pool.openConnections());
        assertEquals(1, pool.idleConnections(server.address()));
    }

    @Test
    void aSilentServerTimesOutAndItsConnectionIsClosed() throws IOException
    {
        start(true, (opcode, id, body) -> opcode == ECHO ? ScriptedServer.response(opcode, id, body) : null);
        final long start = System.nanoTime();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class, () -> silentCall());
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(LABEL + " did not answer within " + TIMEOUT_MS + " ms", ex.getMessage());
        assertTrue(ms >= TIMEOUT_MS - 5 && ms < 2_000, "took " + ms + " ms");
        assertEquals(0, pool.openConnections(), "a timed-out connection is closed, not kept");

        assertEquals(7, echo(7));
        assertEquals(2, server.accepted(), "the next call opens a new connection");
    }

    @Test
    void aServerThatNeverGreetsFailsTheConnectInTime() throws IOException
    {
        start(false, (opcode, id, body) -> null);
        final long start = System.nanoTime();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> pool.acquire(server.address(), LABEL));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(server.address() + " did not answer within " + TIMEOUT_MS + " ms", ex.getMessage());
        assertTrue(ms < 2_000, "took " + ms + " ms");
        assertEquals(0, pool.openConnections());
    }

    @Test
    void anUnreachableServerCannotBeReached() throws IOException
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        pool = new BlockingConnectionPool(1 << 20, TIMEOUT_MS, TIMEOUT_MS, 4);
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> pool.acquire("127.0.0.1:" + port, LABEL));
        assertTrue(ex.getMessage().startsWith("cannot reach 127.0.0.1:" + port + ": "), ex.getMessage());
    }

    @Test
    void garbageIsAProtocolErrorAndTheConnectionIsNotReused() throws IOException
    {
        final byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte)0xEE);
        start(true, (opcode, id, body) -> opcode == ECHO ? ScriptedServer.response(opcode, id, body) : garbage);
        assertEquals(1, echo(1));
        assertThrows(ProtocolException.class, () -> pool.call(server.address(), LABEL, SILENT, w -> w.putInt(1),
            ResponseDecoder.EMPTY));
        assertEquals(0, pool.openConnections(), "the connection that saw garbage is closed");
        assertEquals(2, echo(2));
        assertEquals(2, server.accepted());
    }

    @Test
    void malformedAnswersAreProtocolErrors() throws IOException
    {
        final AtomicReference<String> mode = new AtomicReference<>();
        start(true, (opcode, id, body) ->
        {
            switch (mode.get())
            {
                case "wrong id": return ScriptedServer.response(opcode, id + 5, body);
                case "request": return ScriptedServer.frame(opcode, 0, id, body);
                case "two frames": return concat(ScriptedServer.response(opcode, id, body),
                    ScriptedServer.response(opcode, id, body));
                case "wrong opcode": return ScriptedServer.response(opcode + 1, id, body);
                case "too long": return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(2 << 20).array();
                case "truncated body": return ScriptedServer.response(opcode, id, new byte[2]);
                default: return ScriptedServer.response(opcode, id, body);
            }
        });
        for (final String bad : new String[] {"wrong id", "request", "two frames", "wrong opcode", "too long",
            "truncated body"})
        {
            mode.set(bad);
            assertThrows(ProtocolException.class, () -> echo(3), bad);
            final int accepted = server.accepted();
            assertEquals(0, pool.openConnections(), bad + ": the connection is closed");
            mode.set("good");
            assertEquals(4, echo(4));
            assertEquals(accepted + 1, server.accepted(), bad + ": a new connection follows");
        }
    }

    @Test
    void errorAnswersAreTypedAndOnlyAProtocolErrorClosesTheConnection() throws IOException
    {
        start(true, (opcode, id, body) -> opcode == ECHO ? ScriptedServer.response(opcode, id, body) :
            body.length == 0 ? ScriptedServer.error(opcode, id, ErrorCode.OBJECT_NOT_FOUND.code(), "no object x") :
            ScriptedServer.error(opcode, id, ErrorCode.PROTOCOL_ERROR.code(), "bad request"));
        final ObjectNotFoundException notFound = assertThrows(ObjectNotFoundException.class,
            () -> pool.call(server.address(), LABEL, SILENT, Encoder.EMPTY, ResponseDecoder.EMPTY));
        assertEquals("no object x", notFound.getMessage());
        assertEquals(1, pool.idleConnections(server.address()), "a typed error keeps the connection");
        assertEquals(5, echo(5));
        assertEquals(1, server.accepted());

        final ProtocolException protocol = assertThrows(ProtocolException.class,
            () -> pool.call(server.address(), LABEL, SILENT, w -> w.putInt(1), ResponseDecoder.EMPTY));
        assertEquals("bad request", protocol.getMessage());
        assertEquals(0, pool.openConnections(), "the server closes after a protocol error, so does the client");
    }

    @Test
    void anIdleConnectionTheServerClosedIsReplacedBeforeUse() throws Exception
    {
        start(true, (opcode, id, body) -> ScriptedServer.response(opcode, id, body));
        assertEquals(1, echo(1));
        server.dropConnections();
        Thread.sleep(100); // the server's FIN reaches the client's socket
        assertEquals(2, echo(2), "the dropped idle connection is noticed at acquire, not by the request");
        assertEquals(2, server.accepted());
    }

    @Test
    void onlyAConnectionIdleLongerThanTheCheckIntervalIsChecked() throws Exception
    {
        server = new ScriptedServer(true, (opcode, id, body) -> ScriptedServer.response(opcode, id, body));
        final CachedNanoClock clock = new CachedNanoClock();
        pool = new BlockingConnectionPool(1 << 20, TIMEOUT_MS, TIMEOUT_MS, 4, 300, 0, 1, 1, clock);
        assertEquals(1, echo(1));
        server.dropConnections();
        Thread.sleep(50); // the server's FIN reaches the client's socket
        clock.advance(TimeUnit.MILLISECONDS.toNanos(299));
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class, () -> echo(2),
            "idle for less than the interval, the connection is not checked: the request finds it closed");
        assertTrue(ex.getMessage().contains("lost"), ex.getMessage());
        assertEquals(0, pool.openConnections(), "the broken connection is not kept");
        assertEquals(3, echo(3));
        server.dropConnections();
        Thread.sleep(50); // the server's FIN reaches the client's socket
        clock.advance(TimeUnit.MILLISECONDS.toNanos(301));
        assertEquals(4, echo(4), "idle past the interval, the dropped connection is noticed at acquire");
        assertEquals(3, server.accepted());
    }

    @Test
    void aPayloadGoesWithItsRequestAndLargeAnswersGrowTheBuffer() throws IOException
    {
        final byte[] big = new byte[300 * 1024 + 7];
        Arrays.fill(big, (byte)3);
        start(true, (opcode, id, body) ->
        {
            if (opcode == Opcodes.WRITE_BLOCK)
            {
                int sum = 0;
                for (final byte b : body)
                {
                    sum += b & 0xFF;
                }
                return ScriptedServer.response(opcode, id, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(body.length).putInt(sum).array());
            }
            return ScriptedServer.response(opcode, id, opcode == ECHO ? body : big);
        });
        final BlockingConnection connection = pool.acquire(server.address(), LABEL);
        try
        {
            for (final ByteBuffer payload : new ByteBuffer[] {ByteBuffer.allocateDirect(100_000), ByteBuffer.allocate(65_536)})
            {
                while (payload.hasRemaining())
                {
                    payload.put((byte)1);
                }
                payload.flip();
                connection.begin(Opcodes.WRITE_BLOCK).putInt(9);
                final int length = payload.remaining();
                final long answer = connection.call(payload, r -> ((long)r.getInt() << 32) | r.getInt());
                assertEquals(4 + length, (int)(answer >>> 32), "request body plus payload");
                assertEquals(9 + length, (int)answer, "every payload byte arrived");
                assertFalse(payload.hasRemaining());
            }
            connection.begin(Opcodes.READ_BLOCK);
            final byte[] read = connection.call(r ->
            {
                final byte[] bytes = new byte[r.remaining()];
                r.buffer().getBytes(r.position(), bytes);
                r.skip(bytes.length);
                return bytes;
            });
            assertArrayEquals(big, read);
        }
        finally
        {
            pool.release(connection);
        }
        assertEquals(4, echo(4));
        assertEquals(1, server.accepted());
    }

    @Test
    void closingThePoolFailsBorrowedConnectionsAndLaterAcquires() throws IOException
    {
        start(true, (opcode, id, body) -> ScriptedServer.response(opcode, id, body));
        final BlockingConnection borrowed = pool.acquire(server.address(), LABEL);
        pool.close();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> borrowed.begin(ECHO));
        assertTrue(ex.getMessage().startsWith("connection to " + server.address() + " lost"), ex.getMessage());
        pool.release(borrowed);
        assertEquals(0, pool.openConnections());
        assertThrows(ServiceUnavailableException.class, () -> pool.acquire(server.address(), LABEL));
    }

    @Test
    void idleConnectionsAreBounded() throws IOException
    {
        start(true, (opcode, id, body) -> ScriptedServer.response(opcode, id, body));
        final BlockingConnection[] held = new BlockingConnection[6];
        for (int i = 0; i < held.length; i++)
        {
            held[i] = pool.acquire(server.address(), LABEL);
        }
        assertEquals(6, server.accepted());
        for (final BlockingConnection connection : held)
        {
            pool.release(connection);
        }
        assertEquals(4, pool.idleConnections(server.address()));
        assertEquals(4, pool.openConnections());
    }

    @Test
    void aBusyPollingPoolGetsTheSameAnswersAndStillTimesOut() throws IOException
    {
        server = new ScriptedServer(true, (opcode, id, body) -> opcode == ECHO ? ScriptedServer.response(opcode, id, body) : null);
        pool = new BlockingConnectionPool(1 << 20, TIMEOUT_MS, TIMEOUT_MS, 4, 0, 50, 1, 0, SystemNanoClock.INSTANCE);
        for (int i = 0; i < 50; i++)
        {
            assertEquals(i, echo(i));
        }
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class, () -> silentCall());
        assertEquals(LABEL + " did not answer within " + TIMEOUT_MS + " ms", ex.getMessage());
        assertEquals(0, pool.openConnections());
    }

    @Test
    void busyPollingIsCappedAndOffByDefault()
    {
        assertFalse(BusyPoll.OFF.tryStart());
        final BusyPoll two = new BusyPoll(10, 2, 0);
        assertTrue(two.tryStart());
        assertTrue(two.tryStart());
        assertFalse(two.tryStart(), "a third thread sleeps at once");
        two.stop();
        assertTrue(two.tryStart());
        assertFalse(new BusyPoll(0, 5, 0).tryStart(), "zero microseconds never polls");
    }

    @Test
    void busyPollingIsOnlyForFewCallsInFlight() throws Exception
    {
        final BusyPoll solo = new BusyPoll(10, 4, 1);
        assertTrue(solo.mayPoll(), "no call in flight");
        final AtomicInteger mine = solo.callStarted();
        solo.callStarted();
        assertEquals(1, solo.calls(), "a thread holding two connections is one call");
        assertTrue(solo.tryStart(), "a caller alone polls");
        solo.stop();
        final AtomicReference<AtomicInteger> theirs = new AtomicReference<>();
        final Thread other = new Thread(() -> theirs.set(solo.callStarted()));
        other.start();
        other.join();
        assertEquals(2, solo.calls());
        assertFalse(solo.mayPoll());
        assertFalse(solo.tryStart(), "two threads with calls in flight: sleep at once");
        solo.callEnded(theirs.get());
        assertTrue(solo.tryStart());
        solo.stop();
        solo.callEnded(mine);
        assertEquals(1, solo.calls(), "the thread still holds a connection");
        solo.callEnded(mine);
        assertEquals(0, solo.calls());
        final BusyPoll unlimited = new BusyPoll(10, 1, 0);
        for (int i = 0; i < 10; i++)
        {
            final Thread t = new Thread(unlimited::callStarted);
            t.start();
            t.join();
        }
        assertEquals(10, unlimited.calls());
        assertTrue(unlimited.tryStart(), "0 lifts the limit on calls");
    }

    @Test
    void callsInFlightCountThreadsAndEachConnectionGivenBackOnce() throws Exception
    {
        server = new ScriptedServer(true, (opcode, id, body) -> opcode == ECHO ? ScriptedServer.response(opcode, id, body) : null);
        pool = new BlockingConnectionPool(1 << 20, TIMEOUT_MS, TIMEOUT_MS, 4, 0, 50, 1, 1, SystemNanoClock.INSTANCE);
        final BlockingConnection first = pool.acquire(server.address(), LABEL);
        final BlockingConnection second = pool.acquire(server.address(), LABEL);
        assertEquals(1, pool.callsInFlight(), "one thread, two connections");
        final BlockingConnection[] theirs = new BlockingConnection[1];
        final Thread other = new Thread(() -> theirs[0] = pool.acquire(server.address(), LABEL));
        other.start();
        other.join();
        assertEquals(2, pool.callsInFlight());
        pool.release(theirs[0]);
        assertEquals(1, pool.callsInFlight(), "given back by another thread, counted to the thread that borrowed it");
        pool.release(first);
        pool.release(first);
        assertEquals(1, pool.callsInFlight(), "a connection given back twice counts once");
        pool.release(second);
        assertEquals(0, pool.callsInFlight());
        assertEquals(7, echo(7), "a connection lent again is counted again");
        assertEquals(0, pool.callsInFlight());
    }

    @Test
    void anInterruptEndsTheWaitAndTheConnection() throws Exception
    {
        server = new ScriptedServer(true, (opcode, id, body) -> null);
        pool = new BlockingConnectionPool(1 << 20, TIMEOUT_MS, 30_000, 4);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller = new Thread(() ->
        {
            try
            {
                silentCall();
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        caller.start();
        while (server.requests() == 0)
        {
            Thread.sleep(5);
        }
        caller.interrupt();
        caller.join(5_000);
        assertFalse(caller.isAlive());
        assertTrue(failure.get() instanceof ServiceUnavailableException, String.valueOf(failure.get()));
        assertEquals("interrupted while waiting for " + LABEL, failure.get().getMessage());
        assertEquals(0, pool.openConnections());
    }

    private void start(final boolean greet, final ScriptedServer.Script script) throws IOException
    {
        server = new ScriptedServer(greet, script);
        pool = new BlockingConnectionPool(1 << 20, TIMEOUT_MS, TIMEOUT_MS, 4);
    }

    private int echo(final int value)
    {
        return pool.call(server.address(), LABEL, ECHO, w -> w.putInt(value), r ->
        {
            final int v = r.getInt();
            r.end();
            return v;
        });
    }

    private void silentCall()
    {
        pool.call(server.address(), LABEL, SILENT, w -> w.putInt(1), ResponseDecoder.EMPTY);
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
