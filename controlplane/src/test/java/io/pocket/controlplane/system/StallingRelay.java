package io.pocket.controlplane.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of a real server that can be told to stall: while stalled it keeps every
 * connection open and keeps reading, but forwards nothing in either direction, so the peers see
 * a server that has gone silent (not one that has gone away). {@link #resume()} drops the stalled
 * connections (their byte streams are cut mid-frame) and forwards new ones again.
 */
final class StallingRelay implements AutoCloseable
{
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;

    /** Listens on {@code host:port} and relays to {@code targetHost:targetPort}. */
    StallingRelay(final String host, final int port, final String targetHost, final int targetPort) throws IOException
    {
        listener = new ServerSocket(port, 64, InetAddress.getByName(host));
        target = new InetSocketAddress(targetHost, targetPort);
        start("relay-acceptor-" + port, this::acceptLoop);
    }

    /** From now on nothing is forwarded; connections stay open. */
    void stall()
    {
        stalled = true;
    }

    /** Closes every relayed connection and forwards the connections made from now on. */
    void resume()
    {
        closeConnections();
        stalled = false;
    }

    @Override
    public void close()
    {
        try
        {
            listener.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
        closeConnections();
    }

    private void acceptLoop()
    {
        while (!listener.isClosed())
        {
            try
            {
                final Socket downstream = listener.accept();
                sockets.add(downstream);
                final Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(target, 2_000);
                downstream.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                start("relay-up", () -> pump(downstream, upstream));
                start("relay-down", () -> pump(upstream, downstream));
            }
            catch (final IOException ex)
            {
                if (listener.isClosed())
                {
                    return;
                }
            }
        }
    }

    private void pump(final Socket from, final Socket to)
    {
        final byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
        {
            int n;
            while ((n = in.read(buffer)) >= 0)
            {
                if (!stalled)
                {
                    out.write(buffer, 0, n);
                }
            }
        }
        catch (final IOException ignore)
        {
            // one side closed: the finally below closes the other
        }
        finally
        {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeConnections()
    {
        for (final Socket socket : sockets)
        {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    private static void closeQuietly(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // already closed
        }
    }

    private static void start(final String name, final Runnable task)
    {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
