package io.pocket.controlplane.system;

import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that completes the HELLO handshake like any Pocket server and then never answers:
 * requests are read and dropped. Makes a client's request time out for real.
 */
final class FailureSilentServer implements AutoCloseable
{
    private final ServerSocket serverSocket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FailureSilentServer() throws IOException
    {
        serverSocket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "failure-silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String address()
    {
        return "127.0.0.1:" + serverSocket.getLocalPort();
    }

    private void acceptLoop()
    {
        while (!serverSocket.isClosed())
        {
            try
            {
                final Socket socket = serverSocket.accept();
                accepted.add(socket);
                final Thread reader = new Thread(() -> greetThenIgnore(socket), "failure-silent-connection");
                reader.setDaemon(true);
                reader.start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    private static void greetThenIgnore(final Socket socket)
    {
        try
        {
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final byte[] header = new byte[FrameHeader.HEADER_LENGTH];
            in.readFully(header);
            final ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            in.readFully(new byte[h.getInt(0) - FrameHeader.HEADER_LENGTH]);
            final long correlationId = h.getLong(FrameHeader.CORRELATION_ID_OFFSET);
            final byte[] reply = FailureRawConnection.frame(Opcodes.HELLO, FrameHeader.FLAG_RESPONSE, correlationId,
                new byte[] {(byte)Hello.VERSION, (byte)(Hello.VERSION >>> 8)});
            final OutputStream out = socket.getOutputStream();
            out.write(reply);
            out.flush();
            drain(in);
        }
        catch (final IOException ignore)
        {
            // the client went away
        }
    }

    private static void drain(final InputStream in) throws IOException
    {
        final byte[] sink = new byte[4096];
        while (in.read(sink) >= 0)
        {
            // requests are swallowed unanswered
        }
    }

    @Override
    public void close() throws IOException
    {
        serverSocket.close();
        for (final Socket socket : accepted)
        {
            socket.close();
        }
    }
}
