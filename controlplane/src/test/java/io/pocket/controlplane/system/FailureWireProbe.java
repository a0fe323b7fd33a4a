package io.pocket.controlplane.system;

import io.pocket.controlplane.system.FailureRawConnection.Frame;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.pocket.controlplane.system.FailureRawConnection.validHello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends bad bytes to a server over a raw connection and checks the server's policy for them:
 * HELLO answers where due, exactly one PROTOCOL_ERROR frame, the connection closed, and exactly
 * one log line about that connection.
 */
final class FailureWireProbe
{
    static final long CLOSE_TIMEOUT_MS = 5_000;

    private final FailureLogCapture logs;
    private final Map<FailureRawConnection, Integer> logMarks = new IdentityHashMap<>();

    FailureWireProbe(final FailureLogCapture logs)
    {
        this.logs = logs;
    }

    /** A raw connection whose log lines {@link #closingLines} can tell apart from earlier ones on the same port. */
    FailureRawConnection open(final String address) throws IOException
    {
        final int mark = logs.mark();
        final FailureRawConnection conn = new FailureRawConnection(address);
        logMarks.put(conn, mark);
        return conn;
    }

    /** Sends {@code bytes}, then expects {@code hellos} HELLO answers, a PROTOCOL_ERROR for opcode/correlation, and a close. */
    void expect(final String address, final byte[] bytes, final int hellos, final int opcode, final String message)
        throws IOException
    {
        try (FailureRawConnection conn = open(address))
        {
            assertTrue(conn.send(bytes), "the server took the bytes");
            final Frame error = assertProtocolErrorAndClosed(conn, hellos, opcode, message);
            assertEquals(opcode == 0 ? 0 : hellos + 1, error.correlationId(), "correlation id of " + error);
        }
    }

    /**
     * Waits for the server to close the connection, then checks it answered {@code hellos} HELLO
     * responses and exactly one PROTOCOL_ERROR frame (for {@code opcode} unless null), and logged
     * exactly one line about the connection.
     */
    Frame assertProtocolErrorAndClosed(
        final FailureRawConnection conn, final int hellos, final Integer opcode, final String message) throws IOException
    {
        conn.awaitClosedByPeer(CLOSE_TIMEOUT_MS);
        final List<Frame> frames = conn.frames();
        assertEquals(hellos + 1, frames.size(), "expected " + hellos + " HELLO answers and one error: " + frames);
        for (int i = 0; i < hellos; i++)
        {
            final Frame hello = frames.get(i);
            assertEquals(Opcodes.HELLO, hello.opcode(), "HELLO answer: " + hello);
            assertEquals(FrameHeader.FLAG_RESPONSE, hello.flags(), "HELLO answer: " + hello);
            assertEquals(2, hello.body().length, "HELLO answer: " + hello);
        }
        final Frame error = frames.get(hellos);
        assertTrue(error.isError(), "flags RESPONSE|ERROR: " + error);
        assertEquals(ErrorCode.PROTOCOL_ERROR.code(), error.errorCode(), "PROTOCOL_ERROR: " + error);
        if (opcode != null)
        {
            assertEquals(opcode.intValue(), error.opcode(), "opcode of " + error);
        }
        assertTrue(error.errorMessage().contains(message), "message should contain '" + message + "': " + error);
        final List<String> lines = closingLines(conn);
        assertEquals(1, lines.size(), "one log line about the connection: " + lines);
        assertTrue(lines.get(0).contains(error.errorMessage()), "the log line gives the reason: " + lines);
        return error;
    }

    /** Random chunks until the server answers or closes; it must react within its frame limit. */
    static void sendGarbageUntilAnswered(
        final FailureRawConnection conn, final SplittableRandom random, final int maxFrameLength) throws IOException
    {
        int chunk = 256;
        long sent = 0;
        while (sent <= maxFrameLength && conn.receivedBytes() == 0 && !conn.closedByPeer())
        {
            final byte[] bytes = new byte[chunk];
            random.nextBytes(bytes);
            if (!conn.send(bytes))
            {
                return;
            }
            sent += chunk;
            conn.readFor(20);
            chunk = Math.min(2 * chunk, 64 * 1024);
        }
    }

    /** The log lines about a raw connection, found by its client port. */
    List<String> closingLines(final FailureRawConnection conn)
    {
        return logs.linesAboutClientPort(conn.localPort(), logMarks.get(conn));
    }

    /** A new connection gets its HELLO answered and stays open. */
    void assertGreetsANewConnection(final String kind, final String address)
    {
        try (FailureRawConnection conn = new FailureRawConnection(address))
        {
            assertTrue(conn.send(validHello()));
            conn.awaitBytes(FrameHeader.HEADER_LENGTH + 2, CLOSE_TIMEOUT_MS);
            conn.readFor(10);
            assertFalse(conn.closedByPeer(), kind + " closed a new connection after a valid HELLO");
            final List<Frame> frames = conn.frames();
            assertEquals(1, frames.size(), kind + " answers a new HELLO: " + frames);
            assertEquals(FrameHeader.FLAG_RESPONSE, frames.get(0).flags(), kind + " HELLO answer " + frames);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(kind + " does not serve a new connection: " + ex, ex);
        }
    }
}
