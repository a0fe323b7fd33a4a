package io.pocket.transport;

import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-socket stand-in for a Pocket server: answers HELLO (unless told not to), then hands each
 * request to a script that returns the bytes to send back, or null to stay silent.
 */
final class ScriptedServer implements AutoCloseable
{
    /** What to send back for a request: whole bytes (frames or garbage), or null for nothing. */
    @FunctionalInterface
    interface Script
    {
        byte[] answer(int opcode, long correlationId, byte[] body);
    }

    /** HELLO answer body: this protocol version, u16 little-endian. */
    private static final byte[] HELLO_ANSWER = {(byte)Hello.VERSION, (byte)(Hello.VERSION >>> 8)};

    private final ServerSocket listener;
    private final Script script;
    private final boolean greet;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    ScriptedServer(final boolean greet, final Script script) throws IOException
    {
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.script = script;
        this.greet = greet;
        start("scripted-acceptor", this::acceptLoop);
    }

    String address()
    {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    int accepted()
    {
        return accepted.get();
    }

    int requests()
    {
        return requests.get();
    }

    /** Closes every accepted connection; the listener stays. */
    void dropConnections()
    {
        for (final Socket socket : sockets)
        {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    @Override
    public void close()
    {
        closeQuietly(listener);
        dropConnections();
    }

    static byte[] frame(final int opcode, final int flags, final long correlationId, final byte[] body)
    {
        final ByteBuffer frame = ByteBuffer.allocate(FrameHeader.HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(FrameHeader.HEADER_LENGTH + body.length).putShort((short)opcode).putShort((short)flags)
            .putLong(correlationId).put(body);
        return frame.array();
    }

    static byte[] response(final int opcode, final long correlationId, final byte[] body)
    {
        return frame(opcode, FrameHeader.FLAG_RESPONSE, correlationId, body);
    }

    static byte[] error(final int opcode, final long correlationId, final int code, final String message)
    {
        final byte[] text = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final ByteBuffer body = ByteBuffer.allocate(4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        body.putShort((short)code).putShort((short)text.length).put(text);
        return frame(opcode, FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR, correlationId, body.array());
    }

    private void acceptLoop()
    {
        while (!listener.isClosed())
        {
            try
            {
                final Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                accepted.incrementAndGet();
                start("scripted-connection", () -> serve(socket));
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private void serve(final Socket socket)
    {
        try
        {
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream out = socket.getOutputStream();
            boolean greeted = false;
            while (true)
            {
                final byte[] header = new byte[FrameHeader.HEADER_LENGTH];
                in.readFully(header);
                final ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                final byte[] body = new byte[h.getInt(0) - FrameHeader.HEADER_LENGTH];
                in.readFully(body);
                final int opcode = h.getShort(FrameHeader.OPCODE_OFFSET) & 0xFFFF;
                final long correlationId = h.getLong(FrameHeader.CORRELATION_ID_OFFSET);
                final byte[] answer;
                if (!greeted && opcode == Opcodes.HELLO)
                {
                    greeted = true;
                    answer = greet ? response(Opcodes.HELLO, correlationId, HELLO_ANSWER) : null;
                }
                else
                {
                    requests.incrementAndGet();
                    answer = script.answer(opcode, correlationId, body);
                }
                if (answer != null)
                {
                    out.write(answer);
                    out.flush();
                }
            }
        }
        catch (final IOException ex)
        {
            closeQuietly(socket);
        }
    }

    private static void start(final String name, final Runnable task)
    {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ignore)
        {
            // closing anyway
        }
    }
}
