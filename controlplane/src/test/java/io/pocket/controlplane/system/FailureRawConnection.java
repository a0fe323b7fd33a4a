package io.pocket.controlplane.system;

import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.HostPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A plain {@link Socket} to a Pocket server that sends hand-made bytes (frames, broken frames,
 * garbage) and collects everything the server answers until it closes the connection.
 */
final class FailureRawConnection implements AutoCloseable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final byte[] readBuffer = new byte[8192];
    private boolean closedByPeer;
    private boolean reset;

    FailureRawConnection(final String address) throws IOException
    {
        final HostPort hp = HostPort.parse(address);
        socket = new Socket(hp.host(), hp.port());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The local port: the server logs the connection as coming from it. */
    int localPort()
    {
        return socket.getLocalPort();
    }

    /** Sends bytes; false if the server had already closed the connection. */
    boolean send(final byte[] bytes)
    {
        try
        {
            out.write(bytes);
            out.flush();
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Half-closes: the server sees the end of the stream, this side can still read. */
    void shutdownOutput() throws IOException
    {
        socket.shutdownOutput();
    }

    /** Reads whatever arrives within {@code ms}, or until the server closes. */
    void readFor(final long ms) throws IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!closedByPeer)
        {
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0 || !readOnce((int)leftMs))
            {
                return;
            }
        }
    }

    /** Reads until the server closes the connection; fails after {@code timeoutMs}. */
    void awaitClosedByPeer(final long timeoutMs) throws IOException
    {
        readFor(timeoutMs);
        if (!closedByPeer)
        {
            fail("the server did not close the connection within " + timeoutMs + " ms; received " +
                received.size() + " bytes");
        }
    }

    /** Reads until at least {@code count} bytes have arrived in all; fails after {@code timeoutMs}. */
    void awaitBytes(final int count, final long timeoutMs) throws IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (received.size() < count && !closedByPeer)
        {
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0)
            {
                fail("received " + received.size() + " of " + count + " bytes within " + timeoutMs + " ms");
            }
            readOnce((int)leftMs);
        }
    }

    boolean closedByPeer()
    {
        return closedByPeer;
    }

    /** Whether the close arrived as a TCP reset rather than an orderly end of stream. */
    boolean wasReset()
    {
        return reset;
    }

    int receivedBytes()
    {
        return received.size();
    }

    /** The frames received so far; fails if the bytes do not cut into whole frames. */
    List<Frame> frames()
    {
        final ByteBuffer buf = ByteBuffer.wrap(received.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        final List<Frame> frames = new ArrayList<>();
        while (buf.hasRemaining())
        {
            if (buf.remaining() < FrameHeader.HEADER_LENGTH)
            {
                fail("received " + buf.remaining() + " trailing bytes, less than a frame header");
            }
            final int length = buf.getInt(buf.position());
            if (length < FrameHeader.HEADER_LENGTH || length > buf.remaining())
            {
                fail("received a frame of length " + length + " with " + buf.remaining() + " bytes left");
            }
            final int start = buf.position();
            final int opcode = buf.getShort(start + FrameHeader.OPCODE_OFFSET) & 0xFFFF;
            final int flags = buf.getShort(start + FrameHeader.FLAGS_OFFSET) & 0xFFFF;
            final long correlationId = buf.getLong(start + FrameHeader.CORRELATION_ID_OFFSET);
            final byte[] body = new byte[length - FrameHeader.HEADER_LENGTH];
            buf.position(start + FrameHeader.HEADER_LENGTH);
            buf.get(body);
            frames.add(new Frame(opcode, flags, correlationId, body));
        }
        return frames;
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    private boolean readOnce(final int timeoutMs) throws IOException
    {
        socket.setSoTimeout(Math.max(1, timeoutMs));
        try
        {
            final int n = in.read(readBuffer);
            if (n < 0)
            {
                closedByPeer = true;
                return false;
            }
            received.write(readBuffer, 0, n);
            return true;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final SocketException ex)
        {
            closedByPeer = true;
            reset = true;
            return false;
        }
    }

    /** A frame as received. */
    record Frame(int opcode, int flags, long correlationId, byte[] body)
    {
        boolean isError()
        {
            return flags == (FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR);
        }

        int errorCode()
        {
            return ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xFFFF;
        }

        String errorMessage()
        {
            final ByteBuffer buf = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
            final int length = buf.getShort(2) & 0xFFFF;
            return new String(body, 4, length, StandardCharsets.UTF_8);
        }

        @Override
        public String toString()
        {
            return "Frame{" + Opcodes.name(opcode) + ", flags " + flags + ", correlation id " + correlationId +
                (isError() && body.length >= 4 ? ", error " + errorCode() + " '" + errorMessage() + "'" :
                ", " + body.length + " body bytes") + '}';
        }
    }

    /** A whole frame: 16-byte header (length counts it) and the body. */
    static byte[] frame(final int opcode, final int flags, final long correlationId, final byte[] body)
    {
        return ByteBuffer.allocate(FrameHeader.HEADER_LENGTH + body.length).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(FrameHeader.HEADER_LENGTH + body.length)
            .putShort((short)opcode)
            .putShort((short)flags)
            .putLong(correlationId)
            .put(body)
            .array();
    }

    /** A HELLO request (correlation id 1) with the given magic and version. */
    static byte[] hello(final int magic, final int version)
    {
        final byte[] body = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(magic).putShort((short)version).putShort((short)0).array();
        return frame(Opcodes.HELLO, 0, 1, body);
    }

    static byte[] validHello()
    {
        return hello(Hello.MAGIC, Hello.VERSION);
    }

    /** A Pocket string: u16 length, then UTF-8. */
    static byte[] str(final String s)
    {
        final byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + utf8.length).order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short)utf8.length).put(utf8).array();
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            bytes.write(part, 0, part.length);
        }
        return bytes.toByteArray();
    }

    static byte[] littleEndianInt(final int value)
    {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
