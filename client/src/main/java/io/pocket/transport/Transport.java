package io.pocket.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pocket.client.InvalidArgumentException;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The TCP transport's event loops: Netty's NIO transport, or its native epoll transport on request.
 * {@code auto} picks NIO, which measured at least as fast as epoll on our machines
 * (docs/performance.md); {@code epoll} fails with the reason when the native library does not load.
 */
public final class Transport implements AutoCloseable
{
    /** Which event loop implementation to use. */
    public enum Kind
    {
        AUTO, EPOLL, NIO;

        public static Kind parse(final String value)
        {
            try
            {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new InvalidArgumentException("transport must be auto, epoll or nio, got '" + value + "'");
            }
        }
    }

    private final boolean epoll;
    private final EventLoopGroup group;
    private final String description;

    private Transport(final boolean epoll, final int threads, final String threadName, final String why)
    {
        this.epoll = epoll;
        final IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true), factory);
        this.description = (epoll ? "epoll" : "nio") + " x" + threads + why;
    }

    /**
     * @param kind       auto, epoll or nio
     * @param threads    event loop threads
     * @param threadName prefix of the threads' names
     */
    public static Transport create(final Kind kind, final int threads, final String threadName)
    {
        if (threads < 1)
        {
            throw new InvalidArgumentException("transport threads must be >= 1, got " + threads);
        }
        switch (kind)
        {
            case EPOLL:
                if (!Epoll.isAvailable())
                {
                    throw new InvalidArgumentException("epoll transport unavailable: " + Epoll.unavailabilityCause());
                }
                return new Transport(true, threads, threadName, "");
            case NIO:
                return new Transport(false, threads, threadName, "");
            default:
                // Measured on our 2-vCPU machines (docs/performance.md): NIO was as fast as native epoll for
                // small requests and faster for block transfers, so auto picks NIO; epoll stays selectable.
                return new Transport(false, threads, threadName, " (auto)");
        }
    }

    public EventLoopGroup group()
    {
        return group;
    }

    public Class<? extends Channel> channelClass()
    {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends ServerChannel> serverChannelClass()
    {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** For logs: which implementation and how many threads. */
    public String describe()
    {
        return description;
    }

    @Override
    public void close()
    {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
