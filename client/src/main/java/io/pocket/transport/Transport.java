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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pocket.client.InvalidArgumentException;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The TCP transport's event loops: Netty's NIO, native epoll or native io_uring transport.
 * {@code auto} depends on the side (docs/performance.md has the measurements): a server
 * ({@link #forServer}) picks io_uring, which batches the system calls of all its connections into
 * one per loop turn, and falls back to NIO when io_uring is unavailable; a client ({@link #create})
 * picks NIO, which moved blocks faster than either native transport on the client side. An
 * explicit {@code epoll} or {@code io_uring} fails with the reason when the native library does
 * not load or the kernel refuses.
 */
public final class Transport implements AutoCloseable
{
    /** Which event loop implementation to use. */
    public enum Kind
    {
        AUTO, EPOLL, IO_URING, NIO;

        public static Kind parse(final String value)
        {
            try
            {
                return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new InvalidArgumentException("transport must be auto, epoll, io_uring or nio, got '" + value + "'");
            }
        }
    }

    private final Kind kind;
    private final EventLoopGroup group;
    private final String description;

    private Transport(final Kind kind, final int threads, final String threadName, final String why)
    {
        this.kind = kind;
        final IoHandlerFactory factory = switch (kind)
        {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName, true), factory);
        this.description = kind.name().toLowerCase(Locale.ROOT) + " x" + threads + why;
    }

    /**
     * Event loops for a server: {@code auto} means io_uring when the kernel and the native library
     * allow it, NIO otherwise (the reason is in {@link #describe()}).
     *
     * @param kind       auto, epoll, io_uring or nio
     * @param threads    event loop threads
     * @param threadName prefix of the threads' names
     */
    public static Transport forServer(final Kind kind, final int threads, final String threadName)
    {
        if (kind != Kind.AUTO)
        {
            return create(kind, threads, threadName);
        }
        checkThreads(threads);
        if (IoUring.isAvailable())
        {
            return new Transport(Kind.IO_URING, threads, threadName, " (auto)");
        }
        return new Transport(Kind.NIO, threads, threadName, " (auto; io_uring unavailable: " +
            IoUring.unavailabilityCause() + ")");
    }

    /**
     * Event loops for a client: {@code auto} means NIO.
     *
     * @param kind       auto, epoll, io_uring or nio
     * @param threads    event loop threads
     * @param threadName prefix of the threads' names
     */
    public static Transport create(final Kind kind, final int threads, final String threadName)
    {
        checkThreads(threads);
        switch (kind)
        {
            case EPOLL:
                if (!Epoll.isAvailable())
                {
                    throw new InvalidArgumentException("epoll transport unavailable: " + Epoll.unavailabilityCause());
                }
                return new Transport(Kind.EPOLL, threads, threadName, "");
            case IO_URING:
                if (!IoUring.isAvailable())
                {
                    throw new InvalidArgumentException("io_uring transport unavailable: " + IoUring.unavailabilityCause());
                }
                return new Transport(Kind.IO_URING, threads, threadName, "");
            case NIO:
                return new Transport(Kind.NIO, threads, threadName, "");
            default:
                // Measured on our 2-vCPU machines (docs/performance.md): on the client side NIO moved blocks
                // faster than epoll or io_uring and was as fast for small requests.
                return new Transport(Kind.NIO, threads, threadName, " (auto)");
        }
    }

    private static void checkThreads(final int threads)
    {
        if (threads < 1)
        {
            throw new InvalidArgumentException("transport threads must be >= 1, got " + threads);
        }
    }

    /** The implementation in use (never {@code AUTO}). */
    public Kind kind()
    {
        return kind;
    }

    public EventLoopGroup group()
    {
        return group;
    }

    public Class<? extends Channel> channelClass()
    {
        return switch (kind)
        {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    public Class<? extends ServerChannel> serverChannelClass()
    {
        return switch (kind)
        {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
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
