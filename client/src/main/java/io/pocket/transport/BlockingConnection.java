package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.Opcodes;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection to a Pocket server on which the calling thread sends a request and reads the
 * answer itself: no event loop, no future, one kernel wake-up per answer. One request is
 * outstanding at a time, so the stream needs no correlation map. The request is encoded with a
 * {@link MessageWriter} into a reusable direct buffer ({@link #begin}), sent with
 * {@link #send()} (or {@link #send(ByteBuffer)} with a payload written from the caller's buffer
 * in the same gathering write), and its answer decoded by {@link #receive(ResponseDecoder)};
 * {@link #call} does both. Error frames become typed exceptions exactly as on an
 * {@link RpcClient}. An I/O error, a timeout or a protocol error closes the connection for good
 * ({@link #isUsable()} turns false).
 * <p>
 * It can also pipeline: {@link #queue} and {@link #endQueued} append requests to the send buffer,
 * {@link #flush} sends them in one write, and each answer is read in two steps, its header and the
 * first bytes of its body ({@link #receiveHead}), then the rest, either straight into the caller's
 * memory ({@link #receivePayload}) or into the receive buffer ({@link #receiveRest}). Answers may
 * come in any order; their correlation ids tell them apart. Until every answer is read the
 * connection is not usable by others, and the pool closes one given back in that state.
 * Used by one thread at a time.
 */
public final class BlockingConnection
{
    private static final int INITIAL_SEND_CAPACITY = 512;
    /** An error answer's body (u16 code, u16 string length) is never shorter than this. */
    private static final int MAX_HEAD_BYTES = 4;

    private final String address;
    private final int maxFrameLength;
    private final int requestTimeoutMs;
    private final FrameSocket socket;
    private final ByteBuf sendBuffer = Unpooled.directBuffer(INITIAL_SEND_CAPACITY);
    private final MessageWriter writer = new MessageWriter();
    private final MessageReader reader = new MessageReader();
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private final QueuedRequests queue = new QueuedRequests();
    private String label;
    private State state = State.READY;
    private int opcode;
    private long correlationId;
    private long lastAnswerId;
    private long deadlineNs;
    private long idleSinceNs;
    private AtomicInteger lentTo;
    private int pending;
    private int answerLength;
    private int answerUnread;
    private volatile String closeReason;

    private BlockingConnection(final String address, final FrameSocket socket, final int maxFrameLength,
        final int requestTimeoutMs)
    {
        this.address = address;
        this.label = address;
        this.socket = socket;
        this.maxFrameLength = maxFrameLength;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * Connects and completes the HELLO handshake within {@code connectTimeoutMs}.
     *
     * @throws ServiceUnavailableException if the server cannot be reached or does not answer
     * @throws ProtocolException           if it does not speak this protocol version
     */
    public static BlockingConnection open(final String address, final int maxFrameLength, final int connectTimeoutMs,
        final int requestTimeoutMs)
    {
        return open(address, maxFrameLength, connectTimeoutMs, requestTimeoutMs, BusyPoll.OFF);
    }

    static BlockingConnection open(final String address, final int maxFrameLength, final int connectTimeoutMs,
        final int requestTimeoutMs, final BusyPoll busyPoll)
    {
        final HostPort hostPort = HostPort.parse(address);
        final FrameSocket socket;
        try
        {
            socket = FrameSocket.connect(hostPort, connectTimeoutMs, busyPoll);
        }
        catch (final IOException ex)
        {
            throw new ServiceUnavailableException("cannot reach " + address + ": " + FrameSocket.describe(ex), ex);
        }
        final BlockingConnection connection = new BlockingConnection(address, socket, maxFrameLength, requestTimeoutMs);
        try
        {
            Hello.CURRENT.encode(connection.begin(Opcodes.HELLO));
            connection.sendUntil(null, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMs));
            connection.receive(r -> Hello.checkAnswer(r, address), connectTimeoutMs);
            return connection;
        }
        catch (final RuntimeException ex)
        {
            connection.close();
            throw ex;
        }
    }

    public String address()
    {
        return address;
    }

    /** Names the peer in timeout messages, e.g. "metadata server host:port". */
    public BlockingConnection label(final String peerLabel)
    {
        this.label = peerLabel;
        return this;
    }

    /** Open, not broken, and not in the middle of a request: fit to be reused. */
    public boolean isUsable()
    {
        return closeReason == null && state == State.READY && socket.isOpen();
    }

    /**
     * Usable, and nothing arrived while it was idle: the server has not closed it (one
     * non-blocking read; an idle connection must have nothing to read).
     */
    boolean isQuiet()
    {
        return isUsable() && socket.isQuiet();
    }

    /** Marks the start of an idle spell (the pool calls this when it takes the connection back). */
    void idleSince(final long nowNs)
    {
        idleSinceNs = nowNs;
    }

    /**
     * Marks the connection lent out by a pool, with the borrowing thread's count of connections
     * held ({@code null}: given back); returns the count it was lent with before, so a connection
     * given back twice counts once.
     */
    AtomicInteger lentTo(final AtomicInteger connectionsHeld)
    {
        final AtomicInteger before = lentTo;
        lentTo = connectionsHeld;
        return before;
    }

    /** When the current idle spell began ({@link System#nanoTime()}). */
    long idleSinceNs()
    {
        return idleSinceNs;
    }

    /** A request was sent and its answer not read yet. */
    public boolean isAwaiting()
    {
        return state == State.AWAITING;
    }

    /** Starts a request: returns the writer positioned at its body. */
    public MessageWriter begin(final int opcode)
    {
        ensureOpen();
        if (state == State.AWAITING)
        {
            throw new IllegalStateException("the answer to " + Opcodes.name(this.opcode) + " was not read");
        }
        if (state == State.QUEUEING || state == State.PIPELINING)
        {
            throw new IllegalStateException("pipelined requests are queued or await their answers");
        }
        this.opcode = opcode;
        state = State.BUILDING;
        sendBuffer.clear();
        return writer.wrap(sendBuffer);
    }

    /** Sends the request begun with {@link #begin}; its answer is read by {@link #receive}. */
    public void send()
    {
        sendUntil(null, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs));
    }

    /**
     * Sends the request begun with {@link #begin} followed by the remaining bytes of
     * {@code payload}, in one gathering write from the caller's memory. The payload's position
     * moves; nothing refers to it once this returns.
     */
    public void send(final ByteBuffer payload)
    {
        sendUntil(payload, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs));
    }

    /** Reads the answer to the request sent and decodes it; an error answer is thrown as its typed exception. */
    public <T> T receive(final ResponseDecoder<T> decoder)
    {
        return receive(decoder, requestTimeoutMs);
    }

    /** {@link #begin} must have been called: sends the request and decodes its answer. */
    public <T> T call(final ResponseDecoder<T> decoder)
    {
        send();
        return receive(decoder);
    }

    /** Sends the request with {@code payload} (see {@link #send(ByteBuffer)}) and decodes its answer. */
    public <T> T call(final ByteBuffer payload, final ResponseDecoder<T> decoder)
    {
        send(payload);
        return receive(decoder);
    }

    /**
     * Pipelining: starts a request that goes out behind those queued before it, on the next
     * {@link #flush}; returns the writer positioned at its body.
     */
    public MessageWriter queue(final int opcode)
    {
        ensureOpen();
        if (state != State.READY && state != State.PIPELINING)
        {
            throw new IllegalStateException("a request is being built or awaits its answer");
        }
        if (queue.count() == 0)
        {
            sendBuffer.clear();
        }
        this.opcode = opcode;
        state = State.QUEUEING;
        return writer.wrap(sendBuffer);
    }

    /** Ends the request begun by {@link #queue}; returns the correlation id its answer will carry. */
    public long endQueued()
    {
        return endQueued(null);
    }

    /**
     * Ends the request begun by {@link #queue}, to be followed on the wire by the remaining bytes
     * of {@code payload} (null for none), sent from the caller's memory by the gathering write of
     * {@link #flush}; the payload must stay untouched until then and its position moves.
     *
     * @return the correlation id its answer will carry
     */
    public long endQueued(final ByteBuffer payload)
    {
        return endQueued(payload, false);
    }

    /**
     * As {@link #endQueued(ByteBuffer)}; if {@code quiet}, the request goes out with
     * {@link FrameHeader#FLAG_QUIET} (the server must support it for the opcode) and is answered
     * only if it fails, unless it is the last request of its {@link #flush}, which always goes out
     * plainly so that the flush gets an answer. A quiet request has succeeded once an answer to a
     * request sent after it arrives; an error answer to it comes before that and leaves the
     * connection's count of answers due unreliable, so close the connection after one.
     *
     * @return the correlation id its answer, if any, will carry
     */
    public long endQueued(final ByteBuffer payload, final boolean quiet)
    {
        if (state != State.QUEUEING)
        {
            throw new IllegalStateException("no queued request begun");
        }
        correlationId++;
        final int flags = quiet ? FrameHeader.FLAG_QUIET : 0;
        writer.finish(opcode, flags, correlationId, payload == null ? 0 : payload.remaining());
        queue.add(sendBuffer.writerIndex(), quiet, payload);
        state = State.PIPELINING;
        return correlationId;
    }

    /** Sends every queued request in one write; their answers are due within the request timeout. */
    public void flush()
    {
        if (state == State.QUEUEING)
        {
            throw new IllegalStateException("a queued request is still being built");
        }
        if (queue.count() == 0)
        {
            return;
        }
        ensureOpen();
        queue.answerLast(sendBuffer);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
        final int buffers = queue.gather(sendBuffer);
        final int answersDue = queue.count() - queue.quietCount();
        try
        {
            socket.write(queue.gathered(), buffers, deadline);
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
        finally
        {
            queue.clear(buffers);
        }
        pending += answersDue;
        sendBuffer.clear();
        deadlineNs = deadline;
    }

    /** Pipelined requests sent and not answered yet. */
    public int pending()
    {
        return pending;
    }

    /**
     * Reads the header and the first {@code headBytes} (at most 4) body bytes of the next
     * pipelined answer, and nothing beyond. An error answer is read whole and thrown as its typed
     * exception; the stream stays in step, so the answers still due can be read next (a
     * PROTOCOL_ERROR closes the connection, as on a single call).
     *
     * @return the reader positioned at the body, {@code headBytes} readable; its header names the
     *         answer's correlation id. The rest must be read next, by {@link #receivePayload} or
     *         {@link #receiveRest}.
     */
    public MessageReader receiveHead(final int expectedOpcode, final int headBytes)
    {
        if (headBytes < 0 || headBytes > MAX_HEAD_BYTES)
        {
            throw new IllegalArgumentException("head of " + headBytes + " body bytes, at most " + MAX_HEAD_BYTES);
        }
        if (pending == 0 || answerUnread != 0 || state != State.PIPELINING)
        {
            throw new IllegalStateException("no pipelined answer is due");
        }
        ensureOpen();
        final int head = FrameHeader.HEADER_LENGTH + headBytes;
        try
        {
            socket.readInto(0, head, deadlineNs);
            final int length = socket.frame().getInt(FrameHeader.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (length < head || length > maxFrameLength)
            {
                throw new ProtocolException("frame length " + length + " outside " + head + ".." + maxFrameLength);
            }
            pending--;
            answerLength = length;
            answerUnread = length - head;
            reader.wrapFrame(socket.frame(), 0, head);
            final FrameHeader header = reader.header();
            lastAnswerId = header.correlationId();
            if (!header.isResponse())
            {
                throw new ProtocolException("a request frame " + Opcodes.name(header.opcode()) + " instead of an answer");
            }
            if (header.isError())
            {
                receiveRest();
                final MessageReader error = reader.wrapFrame(socket.frame(), 0, answerLength);
                final ErrorCode code = ErrorCode.of(error.getShort());
                final PocketException failure = code.toException(error.getString());
                throw code == ErrorCode.PROTOCOL_ERROR ? broken(failure) : failure;
            }
            if (header.opcode() != expectedOpcode)
            {
                throw new ProtocolException("answered " + Opcodes.name(expectedOpcode) + " with " +
                    Opcodes.name(header.opcode()));
            }
            return reader;
        }
        catch (final IOException ex)
        {
            throw awaitFailed(ex, requestTimeoutMs);
        }
        catch (final ProtocolException ex)
        {
            throw broken(new ProtocolException("bad frame from " + address + ": " + ex.getMessage()));
        }
    }

    /**
     * The correlation id of the last pipelined answer whose head was read, an error answer
     * included: what a caller that caught {@link #receiveHead}'s exception matches to its request.
     */
    public long lastAnswerId()
    {
        return lastAnswerId;
    }

    /** Bytes of the answer whose head was read that are still in the socket. */
    public int answerUnread()
    {
        return answerUnread;
    }

    /**
     * Reads the rest of the answer whose head was just read straight into {@code dst}, which must
     * have exactly that many bytes remaining: the kernel copies them into the caller's memory.
     */
    public void receivePayload(final ByteBuffer dst)
    {
        if (dst.remaining() != answerUnread)
        {
            throw broken(new ProtocolException("bad frame from " + address + ": " + answerUnread +
                " bytes of the answer left, " + dst.remaining() + " expected"));
        }
        try
        {
            socket.readFully(dst, deadlineNs);
        }
        catch (final IOException ex)
        {
            throw awaitFailed(ex, requestTimeoutMs);
        }
        answerRead();
    }

    /** Reads the rest of the answer whose head was just read into the receive buffer; returns the reader after the head. */
    public MessageReader receiveRest()
    {
        final int head = answerLength - answerUnread;
        try
        {
            socket.readInto(head, answerUnread, deadlineNs);
        }
        catch (final IOException ex)
        {
            throw awaitFailed(ex, requestTimeoutMs);
        }
        reader.wrapFrame(socket.frame(), 0, answerLength);
        reader.skip(head - FrameHeader.HEADER_LENGTH);
        answerRead();
        return reader;
    }

    private void answerRead()
    {
        answerUnread = 0;
        if (pending == 0 && queue.count() == 0)
        {
            state = State.READY;
            socket.trimReceiveBuffer();
        }
        else
        {
            deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
        }
    }

    /** Closes the socket; the connection is unusable from then on. Safe from any thread. */
    public void abort(final String reason)
    {
        if (closeReason == null)
        {
            closeReason = reason;
        }
        socket.close();
    }

    /** Closes the connection and frees its buffers: only by the thread that uses it, or when nobody does. */
    public void close()
    {
        abort("closed by client");
        if (sendBuffer.refCnt() > 0)
        {
            sendBuffer.release();
        }
    }

    @Override
    public String toString()
    {
        return "BlockingConnection{" + address + (closeReason == null ? "" : ", " + closeReason) + '}';
    }

    private void sendUntil(final ByteBuffer payload, final long deadlineNs)
    {
        if (state != State.BUILDING)
        {
            throw new IllegalStateException("no request begun");
        }
        ensureOpen();
        final int trailing = payload == null ? 0 : payload.remaining();
        correlationId++;
        final ByteBuf frame = writer.finish(opcode, 0, correlationId, trailing);
        gather[0] = frame.internalNioBuffer(0, frame.writerIndex());
        gather[1] = payload;
        this.deadlineNs = deadlineNs;
        state = State.AWAITING;
        try
        {
            socket.write(gather, payload == null ? 1 : 2, deadlineNs);
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
        finally
        {
            gather[1] = null;
        }
    }

    private <T> T receive(final ResponseDecoder<T> decoder, final int timeoutMs)
    {
        if (state != State.AWAITING)
        {
            throw new IllegalStateException("no request sent");
        }
        ensureOpen();
        final int length;
        try
        {
            length = socket.readFrame(maxFrameLength, FrameHeader.HEADER_LENGTH, deadlineNs);
        }
        catch (final IOException ex)
        {
            throw awaitFailed(ex, timeoutMs);
        }
        catch (final ProtocolException ex)
        {
            throw broken(new ProtocolException("bad frame from " + address + ": " + ex.getMessage()));
        }
        state = State.READY;
        try
        {
            reader.wrapFrame(socket.frame(), 0, length);
            final FrameHeader header = reader.header();
            if (!header.isResponse())
            {
                throw new ProtocolException(address + " sent a request frame " + Opcodes.name(header.opcode()) +
                    " instead of an answer");
            }
            if (header.correlationId() != correlationId)
            {
                if (header.isError() && header.correlationId() == 0)
                {
                    reader.getShort();
                    throw broken(new ServiceUnavailableException(address + " closed the connection: " + reader.getString()));
                }
                throw new ProtocolException(address + " answered request " + correlationId + " with " +
                    header.correlationId());
            }
            if (header.isError())
            {
                final ErrorCode code = ErrorCode.of(reader.getShort());
                final PocketException error = code.toException(reader.getString());
                throw code == ErrorCode.PROTOCOL_ERROR ? broken(error) : error;
            }
            if (header.opcode() != opcode)
            {
                throw new ProtocolException(address + " answered " + Opcodes.name(opcode) + " with " +
                    Opcodes.name(header.opcode()));
            }
            return decoder.decode(reader);
        }
        catch (final ProtocolException ex)
        {
            throw broken(ex);
        }
        finally
        {
            socket.trimReceiveBuffer();
        }
    }

    private void ensureOpen()
    {
        final String reason = closeReason;
        if (reason != null)
        {
            throw new ServiceUnavailableException("connection to " + address + " lost: " + reason);
        }
    }

    /** An answer that did not come: a timeout says how long we waited, anything else is a lost connection. */
    private ServiceUnavailableException awaitFailed(final IOException ex, final int timeoutMs)
    {
        if (ex instanceof SocketTimeoutException)
        {
            return broken(new ServiceUnavailableException(label + " did not answer within " + timeoutMs + " ms", ex));
        }
        return failed(ex);
    }

    private ServiceUnavailableException failed(final IOException ex)
    {
        if (ex instanceof SocketTimeoutException)
        {
            return broken(new ServiceUnavailableException(label + " did not take the request within " + requestTimeoutMs +
                " ms", ex));
        }
        if (ex instanceof InterruptedIOException)
        {
            return broken(new ServiceUnavailableException("interrupted while waiting for " + label, ex));
        }
        final String reason = closeReason != null ? closeReason :
            ex instanceof EOFException ? "closed by server" : FrameSocket.describe(ex);
        return broken(new ServiceUnavailableException("connection to " + address + " lost: " + reason, ex));
    }

    private <E extends PocketException> E broken(final E ex)
    {
        abort(ex.getMessage());
        return ex;
    }

    /** Where the connection is in its requests. */
    private enum State
    {
        /** Nothing begun, nothing due: fit to be reused. */
        READY,
        /** A single request is being encoded ({@link #begin}). */
        BUILDING,
        /** A single request was sent; its answer is due. */
        AWAITING,
        /** A pipelined request is being encoded ({@link #queue}). */
        QUEUEING,
        /** Pipelined requests are queued or sent, their answers due. */
        PIPELINING
    }
}
