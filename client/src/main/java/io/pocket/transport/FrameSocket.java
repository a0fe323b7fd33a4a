package io.pocket.transport;

import io.pocket.client.ProtocolException;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A non-blocking TCP socket driven by the thread that uses it: it writes and reads itself and,
 * when the socket is not ready, waits on its own selector until a deadline, so the kernel wakes
 * that thread directly when the bytes arrive. Reads whole length-prefixed frames into a reusable
 * direct buffer that grows up to the frame limit. One thread at a time; {@link #close()} may be
 * called from any thread (it never frees memory another thread may be using).
 */
final class FrameSocket
{
    /** Receive buffer a socket starts with; it grows to the largest frame seen. */
    static final int INITIAL_RECEIVE_CAPACITY = 16 << 10;
    /** A receive buffer grown beyond this is dropped after the frame that needed it. */
    static final int RETAINED_RECEIVE_CAPACITY = (1 << 20) + (4 << 10);

    private static final Consumer<SelectionKey> NO_ACTION = key -> { };

    private final SocketChannel channel;
    private final BusyPoll busyPoll;
    private final Selector selector;
    private final SelectionKey key;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private ByteBuffer receive;
    private boolean requestSent;

    private FrameSocket(final SocketChannel channel, final BusyPoll busyPoll, final Selector selector,
        final SelectionKey key)
    {
        this.channel = channel;
        this.busyPoll = busyPoll;
        this.selector = selector;
        this.key = key;
        useReceiveBuffer(ByteBuffer.allocateDirect(INITIAL_RECEIVE_CAPACITY));
    }

    /**
     * Connects with TCP_NODELAY within {@code timeoutMs}.
     *
     * @throws IOException with a message fit for "cannot reach ADDRESS: ..."
     */
    static FrameSocket connect(final HostPort address, final int timeoutMs, final BusyPoll busyPoll) throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            selector = Selector.open();
            final SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            final FrameSocket socket = new FrameSocket(channel, busyPoll, selector, key);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            final InetSocketAddress remote = new InetSocketAddress(address.host(), address.port());
            if (remote.isUnresolved())
            {
                throw new IOException("unknown host " + address.host());
            }
            if (!channel.connect(remote))
            {
                while (!channel.finishConnect())
                {
                    if (!socket.await(deadlineNs))
                    {
                        throw new IOException("connection timed out after " + timeoutMs + " ms");
                    }
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            return socket;
        }
        catch (final IOException | UnresolvedAddressException | ClosedSelectorException | CancelledKeyException ex)
        {
            closeQuietly(channel, selector);
            throw ex instanceof IOException ? (IOException)ex : new IOException(describe(ex), ex);
        }
    }

    /** Writes every remaining byte of {@code buffers[0..count)} before the deadline. */
    void write(final ByteBuffer[] buffers, final int count, final long deadlineNs) throws IOException
    {
        long left = 0;
        for (int i = 0; i < count; i++)
        {
            left += buffers[i].remaining();
        }
        try
        {
            while (left > 0)
            {
                final long written = channel.write(buffers, 0, count);
                left -= written;
                if (written == 0)
                {
                    key.interestOps(SelectionKey.OP_WRITE);
                    try
                    {
                        awaitOrThrow(deadlineNs);
                    }
                    finally
                    {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
            }
            requestSent = true;
        }
        catch (final ClosedSelectorException | CancelledKeyException ex)
        {
            throw new IOException("closed", ex);
        }
    }

    /**
     * Reads exactly one frame (its little-endian length prefix counts the whole frame) into the
     * receive buffer before the deadline.
     *
     * @return the frame's length; the frame is {@link #frame()} from index 0
     * @throws ProtocolException if the length is out of bounds or bytes follow the frame
     */
    int readFrame(final int maxFrameLength, final int minFrameLength, final long deadlineNs) throws IOException
    {
        receive.clear();
        int frameLength = -1;
        try
        {
            awaitFirstAnswer(deadlineNs);
            while (frameLength < 0 || receive.position() < frameLength)
            {
                if (frameLength < 0 && receive.position() >= 4)
                {
                    frameLength = receive.getInt(0);
                    if (frameLength < minFrameLength || frameLength > maxFrameLength)
                    {
                        throw new ProtocolException("frame length " + frameLength + " outside " + minFrameLength + ".." +
                            maxFrameLength);
                    }
                    if (frameLength > receive.capacity())
                    {
                        grow(frameLength);
                    }
                    continue;
                }
                readSome(receive, deadlineNs);
            }
        }
        catch (final ClosedSelectorException | CancelledKeyException ex)
        {
            throw new IOException("closed", ex);
        }
        if (receive.position() != frameLength)
        {
            throw new ProtocolException((receive.position() - frameLength) + " unexpected bytes after a response");
        }
        return frameLength;
    }

    /**
     * Reads exactly {@code bytes} more bytes into the receive buffer, after the {@code from} bytes
     * it keeps, growing it as needed; never reads beyond them, so the bytes of a following
     * pipelined answer stay in the socket.
     */
    void readInto(final int from, final int bytes, final long deadlineNs) throws IOException
    {
        receive.limit(receive.capacity()).position(from);
        if (from + bytes > receive.capacity())
        {
            grow(from + bytes);
        }
        receive.limit(from + bytes);
        readFully(receive, deadlineNs);
    }

    /**
     * Reads until {@code dst} is full, before the deadline: the kernel copies straight into the
     * caller's memory (for a direct buffer; the JDK stages a heap buffer through its own).
     */
    void readFully(final ByteBuffer dst, final long deadlineNs) throws IOException
    {
        try
        {
            awaitFirstAnswer(deadlineNs);
            while (dst.hasRemaining())
            {
                readSome(dst, deadlineNs);
            }
        }
        catch (final ClosedSelectorException | CancelledKeyException ex)
        {
            throw new IOException("closed", ex);
        }
    }

    /**
     * The answer to a request just sent is almost never there yet: sleep until it is, rather than
     * pay a read that finds nothing first (unless this thread may busy poll, which reads first by
     * design).
     */
    private void awaitFirstAnswer(final long deadlineNs) throws IOException
    {
        if (requestSent)
        {
            requestSent = false;
            if (!busyPoll.mayPoll())
            {
                awaitOrThrow(deadlineNs);
            }
        }
    }

    /** One read into {@code dst}; when nothing has arrived, polls (if allowed) or waits before the deadline. */
    private void readSome(final ByteBuffer dst, final long deadlineNs) throws IOException
    {
        int n = channel.read(dst);
        if (n == 0 && busyPoll.tryStart())
        {
            try
            {
                n = poll(dst, busyPoll.pollNs());
            }
            finally
            {
                busyPoll.stop();
            }
        }
        if (n < 0)
        {
            throw new EOFException("closed by server");
        }
        if (n == 0)
        {
            awaitOrThrow(deadlineNs);
        }
    }

    /** The receive buffer: the last frame read starts at index 0. */
    UnsafeBuffer frame()
    {
        return frame;
    }

    /** Lets go of a receive buffer that grew very large for one frame. */
    void trimReceiveBuffer()
    {
        if (receive.capacity() > RETAINED_RECEIVE_CAPACITY)
        {
            useReceiveBuffer(ByteBuffer.allocateDirect(INITIAL_RECEIVE_CAPACITY));
        }
    }

    /**
     * Whether an idle socket is still fit for a request: nothing has arrived on it and the peer
     * has not closed it (a server that stopped, a relay that dropped the connection).
     */
    boolean isQuiet()
    {
        try
        {
            return channel.isOpen() && channel.read(receive.clear()) == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    boolean isOpen()
    {
        return channel.isOpen();
    }

    /** Closes the socket and its selector; safe from any thread, wakes a thread waiting on it. */
    void close()
    {
        closeQuietly(channel, selector);
    }

    private void grow(final int frameLength)
    {
        final int capacity = (int)Math.min(Integer.MAX_VALUE - 8, Math.max((long)frameLength, 2L * receive.capacity()));
        final ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(capacity, frameLength));
        receive.flip();
        bigger.order(ByteOrder.LITTLE_ENDIAN).put(receive);
        useReceiveBuffer(bigger);
    }

    private void useReceiveBuffer(final ByteBuffer buffer)
    {
        final int position = buffer.position();
        receive = buffer.order(ByteOrder.LITTLE_ENDIAN);
        receive.position(position);
        frame.wrap(receive, 0, receive.capacity());
    }

    /** Reads without sleeping until bytes arrive or {@code pollNs} have passed; returns the last read's result. */
    private int poll(final ByteBuffer dst, final long pollNs) throws IOException
    {
        final long until = System.nanoTime() + pollNs;
        int n = 0;
        while (n == 0 && System.nanoTime() - until < 0)
        {
            Thread.onSpinWait();
            n = channel.read(dst);
        }
        return n;
    }

    private void awaitOrThrow(final long deadlineNs) throws IOException
    {
        if (!await(deadlineNs))
        {
            throw new SocketTimeoutException("no answer before the deadline");
        }
    }

    /** Waits until the key's interest is ready; false at the deadline. */
    private boolean await(final long deadlineNs) throws IOException
    {
        final long leftNs = deadlineNs - System.nanoTime();
        if (leftNs <= 0)
        {
            return false;
        }
        if (Thread.currentThread().isInterrupted())
        {
            throw new InterruptedIOException("interrupted");
        }
        if (!selector.isOpen())
        {
            throw new IOException("closed");
        }
        selector.select(NO_ACTION, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs + 999_999)));
        return true;
    }

    private static void closeQuietly(final SocketChannel channel, final Selector selector)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
        if (selector != null)
        {
            try
            {
                selector.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
        }
    }

    static String describe(final Throwable t)
    {
        return t == null ? "unknown error" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
