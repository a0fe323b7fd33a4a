package io.pocket.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.Opcodes;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP server speaking Pocket frames: it checks the HELLO handshake, cuts frames, hands requests
 * to a {@link RequestHandler}, and turns a malformed frame (too long, truncated, garbage, unknown
 * opcode) into an error response, one log line and a closed connection, leaving every other
 * connection undisturbed.
 */
public final class RpcServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    private final String name;
    private final RequestHandler handler;
    private final int maxFrameLength;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong connectionIds = new AtomicLong();
    private final ThreadLocal<MessageWriter> writers = ThreadLocal.withInitial(MessageWriter::new);
    private final Channel serverChannel;

    /**
     * Binds and starts serving.
     *
     * @param name           for logs, e.g. "storage 3"
     * @param transport      event loops to run on (not owned)
     * @param bindHost       address to bind, e.g. 0.0.0.0
     * @param port           port, 0 for any free port
     * @param maxFrameLength frames longer than this are refused
     */
    public RpcServer(
        final String name,
        final Transport transport,
        final String bindHost,
        final int port,
        final int maxFrameLength,
        final RequestHandler handler)
    {
        this.name = name;
        this.handler = handler;
        this.maxFrameLength = maxFrameLength;
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(transport.group())
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childOption(ChannelOption.RCVBUF_ALLOCATOR, Frames.receiveBuffers())
            // Netty 4.2's default adaptive allocator pools only small buffers: the receive buffers of up to
            // 1 MiB that block frames grow to came fresh from the JDK (zeroed, page-faulted) on every read.
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childHandler(new ChannelInitializer<>()
            {
                @Override
                protected void initChannel(final Channel ch)
                {
                    channels.add(ch);
                    final ConnectionHandler requests = new ConnectionHandler(
                        new ServerConnection(connectionIds.incrementAndGet(), ch, writers));
                    if (handler instanceof DataPlacement)
                    {
                        final PlacingFrameDecoder frames =
                            new PlacingFrameDecoder(maxFrameLength, (DataPlacement)handler, requests);
                        ch.config().setRecvByteBufAllocator(new PlacingReceiveBuffers(frames, Frames.receiveBuffers()));
                        ch.pipeline().addLast("frames", frames);
                    }
                    else
                    {
                        ch.pipeline().addLast("frames", Frames.newDecoder(maxFrameLength));
                    }
                    ch.pipeline().addLast("requests", requests);
                }
            });
        try
        {
            serverChannel = bootstrap.bind(bindHost, port).syncUninterruptibly().channel();
        }
        catch (final Exception ex)
        {
            throw new ServiceUnavailableException(name + " cannot listen on " + bindHost + ":" + port + ": " + ex.getMessage(), ex);
        }
        channels.add(serverChannel);
    }

    /** The port actually bound (useful with port 0). */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close()
    {
        channels.close().awaitUninterruptibly();
    }

    private final class ConnectionHandler extends ChannelInboundHandlerAdapter implements PlacingFrameDecoder.Placer
    {
        private final ServerConnection connection;
        private final MessageReader reader = new MessageReader();
        private boolean greeted;
        private boolean closing;

        ConnectionHandler(final ServerConnection connection)
        {
            this.connection = connection;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final ByteBuf frame = (ByteBuf)msg;
            try
            {
                if (!closing)
                {
                    serve(frame, null, 0, 0);
                }
            }
            finally
            {
                frame.release();
            }
        }

        @Override
        public ByteBuf place(final DirectBuffer prefix, final int prefixLength, final int dataLength)
        {
            if (closing || !greeted)
            {
                return null;
            }
            reader.wrapFrame(prefix, 0, prefixLength);
            final FrameHeader header = reader.header();
            if ((header.flags() & ~FrameHeader.FLAG_QUIET) != 0)
            {
                return null;
            }
            try
            {
                return ((DataPlacement)handler).placeData(
                    connection, header.opcode(), header.correlationId(), reader, dataLength);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("{}: placing {} failed for {}", name, Opcodes.name(header.opcode()), connection, ex);
                return null;
            }
        }

        @Override
        public void placed(final DirectBuffer prefix, final int prefixLength, final int dataLength)
        {
            if (!closing)
            {
                serve(null, prefix, prefixLength, dataLength);
            }
        }

        /**
         * Serves a whole {@code frame}, or else the placed frame whose header and fixed body are {@code prefix}; turns
         * what the handler throws into error responses.
         */
        private void serve(final ByteBuf frame, final DirectBuffer prefix, final int prefixLength, final int dataLength)
        {
            int opcode = 0;
            long correlationId = 0;
            try
            {
                if (null != frame)
                {
                    if (frame.readableBytes() < FrameHeader.HEADER_LENGTH)
                    {
                        throw new ProtocolException("frame of " + frame.readableBytes() + " bytes is shorter than its header");
                    }
                    reader.wrapFrame(frame);
                }
                else
                {
                    reader.wrapFrame(prefix, 0, prefixLength);
                }
                opcode = reader.header().opcode();
                correlationId = reader.header().correlationId();
                final int flags = reader.header().flags();
                if ((flags & ~FrameHeader.FLAG_QUIET) != 0)
                {
                    throw new ProtocolException("request frame with flags " + flags);
                }
                if (flags != 0 && (!greeted || !handler.answersQuietly(opcode)))
                {
                    throw new ProtocolException(Opcodes.name(opcode) + " cannot be sent quietly (flags " + flags + ")");
                }
                if (!greeted)
                {
                    greet(opcode, correlationId);
                }
                else if (null == frame)
                {
                    ((DataPlacement)handler).onDataPlaced(connection, opcode, correlationId, reader, dataLength);
                }
                else
                {
                    handler.onRequest(connection, opcode, correlationId, reader);
                }
            }
            catch (final ProtocolException ex)
            {
                LOG.warn("{}: closing {}: {}", name, connection, ex.getMessage());
                closing = true;
                connection.replyErrorAndClose(opcode, correlationId, ErrorCode.PROTOCOL_ERROR, ex.getMessage());
            }
            catch (final PocketException ex)
            {
                connection.replyError(opcode, correlationId, ex.code(), ex.getMessage());
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("{}: {} failed for {}", name, Opcodes.name(opcode), connection, ex);
                connection.replyError(opcode, correlationId, ErrorCode.INTERNAL_ERROR, String.valueOf(ex));
            }
        }

        private void greet(final int opcode, final long correlationId)
        {
            if (opcode != Opcodes.HELLO)
            {
                throw new ProtocolException("expected HELLO first, got " + Opcodes.name(opcode));
            }
            final Hello hello = Hello.decode(reader);
            if (hello.magic() != Hello.MAGIC)
            {
                throw new ProtocolException("bad HELLO magic 0x" + Integer.toHexString(hello.magic()) + ": not a Pocket client");
            }
            if (hello.version() != Hello.VERSION)
            {
                throw new ProtocolException("protocol version " + hello.version() + " not supported; this server speaks " +
                    Hello.VERSION);
            }
            greeted = true;
            connection.reply(Opcodes.HELLO, correlationId, w -> w.putShort(Hello.VERSION));
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            if (closing)
            {
                ctx.close();
                return;
            }
            if (cause instanceof TooLongFrameException || cause instanceof DecoderException)
            {
                final String why = cause instanceof TooLongFrameException ?
                    "frame longer than the maximum of " + maxFrameLength + " bytes" : "malformed frame: " + cause.getMessage();
                LOG.warn("{}: closing {}: {}", name, connection, why);
                closing = true;
                connection.replyErrorAndClose(0, 0, ErrorCode.PROTOCOL_ERROR, why);
            }
            else if (cause instanceof IOException)
            {
                LOG.debug("{}: {} failed: {}", name, connection, cause.toString());
                ctx.close();
            }
            else
            {
                LOG.warn("{}: closing {} after an unexpected error", name, connection, cause);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx)
        {
            try
            {
                handler.onConnectionClosed(connection);
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("{}: cleanup after {} failed", name, connection, ex);
            }
            ctx.fireChannelInactive();
        }
    }
}
