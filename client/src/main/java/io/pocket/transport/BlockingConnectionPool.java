package io.pocket.transport;

import io.pocket.client.ServiceUnavailableException;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link BlockingConnection}s per server address for calls whose caller waits anyway: a thread
 * borrows a connection ({@link #acquire}), runs its requests on it from its own thread and gives
 * it back ({@link #release}). Connections are made on demand, so there are as many per address
 * as threads using it at once; at most {@code maxIdlePerAddress} idle ones are kept (the most
 * recently used first, so they stay warm). A connection that failed (I/O error, timeout, protocol
 * error) is closed, never reused; one idle for longer than {@code idleCheckMs} is checked with a
 * non-blocking read at the next acquire and dropped if the server has closed it meanwhile (one
 * used again sooner skips that system call: a busy thread reuses its connection within
 * microseconds, and a server that died since fails the request as it would have a moment later).
 * A waiting thread may poll its socket before it sleeps, while few threads hold connections (see
 * {@link BusyPoll}). {@link #close()} closes every connection, borrowed ones included. Safe for
 * many threads.
 */
public final class BlockingConnectionPool implements AutoCloseable
{
    private final int maxFrameLength;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final int maxIdlePerAddress;
    private final long idleCheckNs;
    private final BusyPoll busyPoll;
    private final Map<String, IdleConnections> idleByAddress = new ConcurrentHashMap<>();
    private final Set<BlockingConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param maxFrameLength    longest answer accepted
     * @param connectTimeoutMs  TCP connect plus HELLO
     * @param requestTimeoutMs  one request, from when it is sent
     * @param maxIdlePerAddress idle connections kept per address; more are closed when given back
     */
    private final NanoClock clock;

    public BlockingConnectionPool(final int maxFrameLength, final int connectTimeoutMs, final int requestTimeoutMs,
        final int maxIdlePerAddress)
    {
        this(maxFrameLength, connectTimeoutMs, requestTimeoutMs, maxIdlePerAddress, 0, 0, 0, 0,
            SystemNanoClock.INSTANCE);
    }

    /**
     * @param idleCheckMs      a connection idle for longer than this is checked before reuse (0: always)
     * @param busyPollMicros   how long a waiting thread polls its socket before it sleeps (0: never)
     * @param busyPollers      most threads of this pool polling at once
     * @param busyPollMaxCalls a thread polls only while at most this many threads hold borrowed connections (0: no limit)
     * @param clock            time of the idle check; tests drive it
     * @see BusyPoll
     */
    public BlockingConnectionPool(final int maxFrameLength, final int connectTimeoutMs, final int requestTimeoutMs,
        final int maxIdlePerAddress, final int idleCheckMs, final int busyPollMicros, final int busyPollers,
        final int busyPollMaxCalls, final NanoClock clock)
    {
        this.clock = clock;
        this.idleCheckNs = TimeUnit.MILLISECONDS.toNanos(idleCheckMs);
        this.maxFrameLength = maxFrameLength;
        this.connectTimeoutMs = connectTimeoutMs;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxIdlePerAddress = maxIdlePerAddress;
        this.busyPoll = new BusyPoll(busyPollMicros, busyPollers, busyPollMaxCalls);
    }

    /**
     * An idle connection to {@code address}, or a new one (connected with HELLO done).
     *
     * @param label names the peer in timeout messages, e.g. "metadata server host:port"
     * @throws ServiceUnavailableException if the server cannot be reached or the pool is closed
     */
    public BlockingConnection acquire(final String address, final String label)
    {
        ensureOpen();
        final IdleConnections idle = idleByAddress.get(address);
        if (idle != null)
        {
            BlockingConnection connection;
            while ((connection = idle.poll()) != null)
            {
                final boolean fresh = clock.nanoTime() - connection.idleSinceNs() < idleCheckNs;
                if (fresh ? connection.isUsable() : connection.isQuiet())
                {
                    return borrowed(connection, label);
                }
                discard(connection);
            }
        }
        final BlockingConnection fresh = BlockingConnection.open(address, maxFrameLength, connectTimeoutMs, requestTimeoutMs,
            busyPoll);
        open.add(fresh);
        if (closed)
        {
            discard(fresh);
            ensureOpen();
        }
        return borrowed(fresh, label);
    }

    private BlockingConnection borrowed(final BlockingConnection connection, final String label)
    {
        connection.lentTo(busyPoll.callStarted());
        return connection.label(label);
    }

    /** Gives a connection back: kept for reuse if it is healthy and there is room, closed otherwise. */
    public void release(final BlockingConnection connection)
    {
        if (connection == null)
        {
            return;
        }
        final AtomicInteger held = connection.lentTo(null);
        if (held != null)
        {
            busyPoll.callEnded(held);
        }
        if (closed || !connection.isUsable())
        {
            discard(connection);
            return;
        }
        final IdleConnections idle = idleByAddress.computeIfAbsent(connection.address(), a -> new IdleConnections());
        connection.idleSince(clock.nanoTime());
        if (!idle.offer(connection, maxIdlePerAddress))
        {
            discard(connection);
        }
        else if (closed && idle.remove(connection))
        {
            discard(connection);
        }
    }

    /** One request on a borrowed connection, given back afterwards. For calls off the hot path. */
    public <T> T call(final String address, final String label, final int opcode, final Encoder request,
        final ResponseDecoder<T> decoder)
    {
        final BlockingConnection connection = acquire(address, label);
        try
        {
            request.encode(connection.begin(opcode));
            return connection.call(decoder);
        }
        finally
        {
            release(connection);
        }
    }

    /** Connections open now, borrowed or idle (for tests and diagnostics). */
    public int openConnections()
    {
        return open.size();
    }

    /** Threads holding borrowed connections now (calls in flight, as busy polling counts them). */
    public int callsInFlight()
    {
        return busyPoll.calls();
    }

    /** Idle connections to {@code address} now. */
    public int idleConnections(final String address)
    {
        final IdleConnections idle = idleByAddress.get(address);
        return idle == null ? 0 : idle.size();
    }

    /** Closes every connection; borrowed ones fail their caller's current or next request. */
    @Override
    public void close()
    {
        closed = true;
        for (final IdleConnections idle : idleByAddress.values())
        {
            BlockingConnection connection;
            while ((connection = idle.poll()) != null)
            {
                discard(connection);
            }
        }
        for (final BlockingConnection connection : open)
        {
            connection.abort("connection pool closed");
        }
    }

    private void discard(final BlockingConnection connection)
    {
        open.remove(connection);
        connection.close();
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new ServiceUnavailableException("connection pool is closed");
        }
    }

    /** Idle connections of one address, most recently used first, with a count for the bound. */
    private static final class IdleConnections
    {
        private final Deque<BlockingConnection> connections = new ConcurrentLinkedDeque<>();
        private final AtomicInteger count = new AtomicInteger();

        BlockingConnection poll()
        {
            final BlockingConnection connection = connections.pollFirst();
            if (connection != null)
            {
                count.decrementAndGet();
            }
            return connection;
        }

        boolean offer(final BlockingConnection connection, final int max)
        {
            if (count.incrementAndGet() > max)
            {
                count.decrementAndGet();
                return false;
            }
            connections.offerFirst(connection);
            return true;
        }

        boolean remove(final BlockingConnection connection)
        {
            if (connections.remove(connection))
            {
                count.decrementAndGet();
                return true;
            }
            return false;
        }

        int size()
        {
            return count.get();
        }
    }
}
