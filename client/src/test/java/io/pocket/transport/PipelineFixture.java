package io.pocket.transport;

import io.pocket.protocol.Opcodes;
import org.junit.jupiter.api.AfterEach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link BlockingConnection} open to a plain-socket {@link ScriptedServer} that holds requests until
 * a test's script answers them; LOOKUP requests are echoed at once as a plain call. Every other
 * request lands in {@link #seen}, in the order the server read it. Closes both after each test.
 */
abstract class PipelineFixture
{
    static final String LABEL = "storage server";
    static final int TIMEOUT_MS = 200;
    static final int CONNECT_TIMEOUT_MS = 2_000;
    static final int MAX_FRAME = 2 << 20;
    static final int ECHO = Opcodes.LOOKUP;

    final List<ScriptedServer.Request> seen = new CopyOnWriteArrayList<>();
    ScriptedServer server;
    BlockingConnection connection;

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

    void start(final ScriptedServer.HoldingScript script) throws IOException
    {
        start(0, TIMEOUT_MS, script);
    }

    void start(final int receiveBufferBytes, final int requestTimeoutMs,
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

    int echo(final int value)
    {
        connection.begin(ECHO).putInt(value);
        return connection.call(r ->
        {
            final int v = r.getInt();
            r.end();
            return v;
        });
    }

    /** The bytes of block {@code block}: a pattern that differs per block and per offset. */
    static byte[] block(final int block, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(block * 31 + i * 7 + (i >>> 8));
        }
        return bytes;
    }

    static byte[] bytes(final ByteBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
