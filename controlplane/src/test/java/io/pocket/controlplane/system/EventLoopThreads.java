package io.pocket.controlplane.system;

import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUringIoHandler;
import io.pocket.transport.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Which Netty transport the live event loop threads of a {@link Transport} really run, read from
 * their stacks: an idle loop waits inside the I/O handler of its implementation (NIO's selector,
 * epoll_wait or io_uring_enter), so a thread named after the transport's prefix shows which one.
 */
final class EventLoopThreads
{
    private static final Map<String, Transport.Kind> HANDLERS = Map.of(
        NioIoHandler.class.getName(), Transport.Kind.NIO,
        EpollIoHandler.class.getName(), Transport.Kind.EPOLL,
        IoUringIoHandler.class.getName(), Transport.Kind.IO_URING);

    private EventLoopThreads()
    {
    }

    /**
     * Waits until every live event loop thread named {@code prefix-<group>-<n>} (Netty's thread
     * factory naming) has been seen inside an I/O handler, then checks each runs {@code expected};
     * fails if there is no such thread.
     */
    static void assertKind(final String prefix, final Transport.Kind expected, final long timeoutMs)
    {
        final Pattern name = Pattern.compile(Pattern.quote(prefix) + "-\\d+-\\d+");
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final Map<String, Transport.Kind> kinds = new TreeMap<>();
            final List<String> busy = new ArrayList<>();
            for (final Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet())
            {
                final String threadName = thread.getKey().getName();
                if (name.matcher(threadName).matches())
                {
                    final Transport.Kind kind = handlerOf(thread.getValue());
                    if (kind == null)
                    {
                        busy.add(threadName);
                    }
                    else
                    {
                        kinds.put(threadName, kind);
                    }
                }
            }
            if (busy.isEmpty() && !kinds.isEmpty())
            {
                kinds.forEach((threadName, kind) -> assertEquals(expected, kind, "event loop thread " + threadName));
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                fail("no event loop thread named " + prefix + "-* was seen in an I/O handler within " + timeoutMs +
                    " ms: in a handler " + kinds + ", elsewhere " + busy);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static Transport.Kind handlerOf(final StackTraceElement[] stack)
    {
        for (final StackTraceElement frame : stack)
        {
            final Transport.Kind kind = HANDLERS.get(frame.getClassName());
            if (kind != null)
            {
                return kind;
            }
        }
        return null;
    }
}
