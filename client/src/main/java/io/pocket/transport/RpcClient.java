package io.pocket.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.Opcodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection to a Pocket server. Requests carry correlation ids, so many threads may
 * have many requests outstanding on it at once (pipelining); each completes its own future.
 * When the connection drops, every outstanding request fails with
 * {@link ServiceUnavailableException}.
 */
public final class RpcClient implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

    private final String address;
    private final Channel channel;
    private final Map<Long, Pending<?>> pending = new ConcurrentHashMap<>();
    private final AtomicLong correlationIds = new AtomicLong();
    private final ThreadLocal<MessageWriter> writers = ThreadLocal.withInitial(MessageWriter::new);
    private volatile String closeReason;

    private RpcClient(final String address, final Transport transport, final int maxFrameLength, final int connectTimeoutMs)
    {
        this.address = address;
        final HostPort hp = HostPort.parse(address);
        final Bootstrap bootstrap = new Bootstrap()
            .group(transport.group())
            .channel(transport.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
            .option(ChannelOption.RCVBUF_ALLOCATOR, Frames.receiveBuffers())
            .handler(new ChannelInitializer<>()
            {
                @Override
                protected void initChannel(final Channel ch)
                {
                    ch.pipeline().addLast("frames", Frames.newDecoder(maxFrameLength));
                    ch.pipeline().addLast("responses", new ResponseHandler());
                }
            });
        final ChannelFuture connect = bootstrap.connect(hp.host(), hp.port()).awaitUninterruptibly();
        if (!connect.isSuccess())
        {
            throw new ServiceUnavailableException("cannot reach " + address + ": " + describe(connect.cause()), connect.cause());
        }
        channel = connect.channel();
    }

    /** Connects and completes the HELLO handshake, or throws {@link ServiceUnavailableException}. */
    public static RpcClient connect(final String address, final Transport transport, final int maxFrameLength,
        final int connectTimeoutMs)
    {
        final RpcClient client = new RpcClient(address, transport, maxFrameLength, connectTimeoutMs);
        try
        {
            Futures.await(client.call(Opcodes.HELLO, Hello.CURRENT::encode, r -> Hello.checkAnswer(r, address)),
                connectTimeoutMs, address);
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    public String address()
    {
        return address;
    }

    public boolean isOpen()
    {
        return channel.isActive() && closeReason == null;
    }

    /** Sends a request; the future completes with the decoded response or fails with a typed exception. */
    public <T> CompletableFuture<T> call(final int opcode, final Encoder request, final ResponseDecoder<T> decoder)
    {
        return call(opcode, request, null, decoder);
    }

    /**
     * Sends a request whose frame ends with {@code payload} (written from its own memory; this
     * method takes ownership of it, and releases it even on failure).
     */
    public <T> CompletableFuture<T> call(final int opcode, final Encoder request, final ByteBuf payload,
        final ResponseDecoder<T> decoder)
    {
        return call(opcode, request, payload, decoder, true);
    }

    /**
     * As {@link #call(int, Encoder, ByteBuf, ResponseDecoder)}; with {@code flush} false the request
     * is queued without waking the event loop, and goes out with the next {@link #flush()} (or the
     * next flushing call): a batch of requests then costs one wake-up and one write.
     */
    public <T> CompletableFuture<T> call(final int opcode, final Encoder request, final ByteBuf payload,
        final ResponseDecoder<T> decoder, final boolean flush)
    {
        final long correlationId = correlationIds.incrementAndGet();
        final Pending<T> p = new Pending<>(decoder);
        p.correlationId = correlationId;
        final ByteBuf head;
        try
        {
            head = Frames.encode(channel.alloc(), writers.get(), opcode, 0, correlationId, request,
                payload == null ? 0 : payload.readableBytes());
        }
        catch (final RuntimeException ex)
        {
            if (payload != null)
            {
                payload.release();
            }
            throw ex;
        }
        pending.put(correlationId, p);
        if (closeReason != null || !channel.isActive())
        {
            pending.remove(correlationId);
            head.release();
            if (payload != null)
            {
                payload.release();
            }
            p.completeExceptionally(new ServiceUnavailableException(lostMessage()));
            return p;
        }
        // One buffer, one write: two writes from different threads could interleave on the wire.
        final ByteBuf frame = payload == null ? head : channel.alloc().compositeDirectBuffer(2).addComponents(true, head, payload);
        (flush ? channel.writeAndFlush(frame) : channel.write(frame)).addListener(f -> onWritten(f.cause(), correlationId));
        return p;
    }

    /** Sends the requests queued without flushing. */
    public void flush()
    {
        channel.flush();
    }

    private void onWritten(final Throwable cause, final long correlationId)
    {
        if (cause != null)
        {
            final Pending<?> p = pending.remove(correlationId);
            if (p != null)
            {
                p.completeExceptionally(new ServiceUnavailableException("cannot send to " + address + ": " +
                    describe(cause), cause));
            }
        }
    }

    private String lostMessage()
    {
        return "connection to " + address + " lost" + (closeReason == null ? "" : ": " + closeReason);
    }

    @Override
    public void close()
    {
        if (closeReason == null)
        {
            closeReason = "closed by client";
        }
        channel.close().awaitUninterruptibly();
        failAll();
    }

    private void failAll()
    {
        for (final Long id : pending.keySet())
        {
            final Pending<?> p = pending.remove(id);
            if (p != null)
            {
                p.completeExceptionally(new ServiceUnavailableException(lostMessage()));
            }
        }
    }

    private static String describe(final Throwable t)
    {
        return t == null ? "unknown error" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** An outstanding request: its future, and how to decode its answer. Cancelling it forgets it. */
    private final class Pending<T> extends CompletableFuture<T>
    {
        final ResponseDecoder<T> decoder;
        long correlationId;

        Pending(final ResponseDecoder<T> decoder)
        {
            this.decoder = decoder;
        }

        void complete(final MessageReader reader)
        {
            if (isDone())
            {
                return; // cancelled or timed out: its caller has moved on, so its decoder must not run
            }
            try
            {
                complete(decoder.decode(reader));
            }
            catch (final RuntimeException ex)
            {
                completeExceptionally(ex);
            }
        }

        @Override
        public boolean cancel(final boolean mayInterruptIfRunning)
        {
            pending.remove(correlationId);
            return super.cancel(mayInterruptIfRunning);
        }
    }

    private final class ResponseHandler extends ChannelInboundHandlerAdapter
    {
        private final MessageReader reader = new MessageReader();

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final ByteBuf frame = (ByteBuf)msg;
            try
            {
                reader.wrapFrame(frame);
                final FrameHeader header = reader.header();
                final Pending<?> p = header.isResponse() ? pending.remove(header.correlationId()) : null;
                if (!header.isResponse() || (p == null && header.correlationId() != 0))
                {
                    LOG.warn("{}: dropping unexpected frame {} (correlation id {})", address,
                        Opcodes.name(header.opcode()), header.correlationId());
                    return;
                }
                if (header.isError())
                {
                    final ErrorCode code = ErrorCode.of(reader.getShort());
                    final String message = reader.getString();
                    if (p == null)
                    {
                        closeReason = address + " closed the connection: " + message;
                        ctx.close();
                        return;
                    }
                    p.completeExceptionally(code.toException(message));
                }
                else if (p != null)
                {
                    p.complete(reader);
                }
            }
            catch (final PocketException ex)
            {
                closeReason = "bad frame from server: " + ex.getMessage();
                ctx.close();
            }
            finally
            {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            closeReason = describe(cause);
            LOG.debug("{}: connection failed", address, cause);
            ctx.close();
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            if (closeReason == null)
            {
                closeReason = "closed by server";
            }
            failAll();
        }
    }
}
