package io.pocket.transport;

import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;

import java.io.DataInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-socket stand-in for a Pocket server: answers HELLO (unless told not to), then hands each
 * request to a script that returns the bytes to send back, or null to stay silent. A
 * {@link HoldingScript} may instead hold requests back and answer several at once, in any order;
 * {@link #dribble} makes the server write its answers in small pieces, {@link #readSlowly} read
 * requests in small pieces, and {@link #stopReading} stop reading them at all.
 */
final class ScriptedServer implements AutoCloseable
{
    /** What to send back for a request: whole bytes (frames or garbage), or null for nothing. */
    @FunctionalInterface
    interface Script
    {
        byte[] answer(int opcode, long correlationId, byte[] body);
    }

    /**
     * What to send back for the requests of a connection held so far (oldest first, the newest
     * last): bytes that answer them all, after which they are no longer held, or null to hold them
     * and wait for the next request.
     */
    @FunctionalInterface
    interface HoldingScript
    {
        byte[] answer(List<Request> held);
    }

    /**
     * A request as the server read it. {@code batch} numbers the spells of arrival on its
     * connection: requests with the same number were already waiting in the socket when the one
     * before them was read, so they came together.
     */
    record Request(int opcode, int flags, long correlationId, byte[] body, int batch)
    {
    }

    /** HELLO answer body: this protocol version, u16 little-endian. */
    private static final byte[] HELLO_ANSWER = {(byte)Hello.VERSION, (byte)(Hello.VERSION >>> 8)};
    private static final byte[] NOTHING = new byte[0];

    private final ServerSocket listener;
    private final HoldingScript script;
    private final boolean greet;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int pieceBytes;
    private volatile long piecePauseMs;
    private volatile int readPieceBytes;
    private volatile long readPauseMs;
    private volatile boolean reading = true;

    ScriptedServer(final boolean greet, final Script script) throws IOException
    {
        this(greet, (HoldingScript)held ->
        {
            final Request request = held.get(held.size() - 1);
            final byte[] answer = script.answer(request.opcode(), request.correlationId(), request.body());
            return answer == null ? NOTHING : answer;
        });
    }

    ScriptedServer(final boolean greet, final HoldingScript script) throws IOException
    {
        this(greet, 0, script);
    }

    /** With a fixed receive buffer of {@code receiveBufferBytes} per connection (0: the kernel's, which grows). */
    ScriptedServer(final boolean greet, final int receiveBufferBytes, final HoldingScript script) throws IOException
    {
        this.listener = new ServerSocket();
        if (receiveBufferBytes > 0)
        {
            listener.setReceiveBufferSize(receiveBufferBytes);
        }
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.script = script;
        this.greet = greet;
        start("scripted-acceptor", this::acceptLoop);
    }

    /** From now on, writes answers {@code bytes} at a time with a pause of {@code pauseMs} after each piece. */
    void dribble(final int bytes, final long pauseMs)
    {
        this.piecePauseMs = pauseMs;
        this.pieceBytes = bytes;
    }

    /** From now on, reads requests at most {@code bytes} at a time with a pause of {@code pauseMs} before each piece. */
    void readSlowly(final int bytes, final long pauseMs)
    {
        this.readPauseMs = pauseMs;
        this.readPieceBytes = bytes;
    }

    /**
     * From now on, reads nothing more until closed (a read already waiting takes what it asked
     * for): the clients' writes fill the socket buffers and wait.
     */
    void stopReading()
    {
        reading = false;
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
        closed.countDown();
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
            final DataInputStream in = new DataInputStream(new PacedInput(socket.getInputStream()));
            final OutputStream out = socket.getOutputStream();
            final List<Request> held = new ArrayList<>();
            boolean greeted = false;
            int batch = 0;
            while (true)
            {
                if (in.available() == 0)
                {
                    batch++;
                }
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
                    held.add(new Request(opcode, h.getShort(FrameHeader.FLAGS_OFFSET) & 0xFFFF, correlationId, body, batch));
                    answer = script.answer(held);
                    if (answer != null)
                    {
                        held.clear();
                    }
                }
                if (answer != null)
                {
                    write(out, answer);
                }
            }
        }
        catch (final IOException ex)
        {
            closeQuietly(socket);
        }
    }

    private void write(final OutputStream out, final byte[] answer) throws IOException
    {
        final int piece = pieceBytes;
        if (piece <= 0)
        {
            out.write(answer);
            out.flush();
            return;
        }
        for (int offset = 0; offset < answer.length; offset += piece)
        {
            out.write(answer, offset, Math.min(piece, answer.length - offset));
            out.flush();
            try
            {
                Thread.sleep(piecePauseMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
        }
    }

    /** A connection's requests as the server reads them: at the pace {@link #readSlowly} sets, or not at all. */
    private final class PacedInput extends FilterInputStream
    {
        private int budget;

        PacedInput(final InputStream in)
        {
            super(in);
        }

        @Override
        public int read() throws IOException
        {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] bytes, final int offset, final int length) throws IOException
        {
            try
            {
                if (!reading)
                {
                    closed.await();
                    throw new IOException("closed");
                }
                final int piece = readPieceBytes;
                if (piece <= 0)
                {
                    return super.read(bytes, offset, length);
                }
                if (budget <= 0)
                {
                    Thread.sleep(readPauseMs);
                    budget = piece;
                }
                final int n = super.read(bytes, offset, Math.min(length, budget));
                budget -= Math.max(n, 0);
                return n;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
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
