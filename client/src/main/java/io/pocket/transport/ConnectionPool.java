package io.pocket.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One shared {@link RpcClient} per server address, connected on first use and replaced when it
 * has closed. Safe for many threads.
 */
public final class ConnectionPool implements AutoCloseable
{
    private final Supplier<Transport> transport;
    private final int maxFrameLength;
    private final int connectTimeoutMs;
    private final Map<String, RpcClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Object> connectLocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ConnectionPool(final Transport transport, final int maxFrameLength, final int connectTimeoutMs)
    {
        this(() -> transport, maxFrameLength, connectTimeoutMs);
    }

    /** A pool whose event loops are {@code transport}'s, asked for when the first connection opens. */
    public ConnectionPool(final Supplier<Transport> transport, final int maxFrameLength, final int connectTimeoutMs)
    {
        this.transport = transport;
        this.maxFrameLength = maxFrameLength;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /** The open connection to {@code address}, connecting (and completing HELLO) if there is none. */
    public RpcClient get(final String address)
    {
        final RpcClient existing = clients.get(address);
        if (existing != null && existing.isOpen())
        {
            return existing;
        }
        synchronized (connectLocks.computeIfAbsent(address, a -> new Object()))
        {
            final RpcClient current = clients.get(address);
            if (current != null && current.isOpen())
            {
                return current;
            }
            if (closed)
            {
                throw new io.pocket.client.ServiceUnavailableException("connection pool is closed");
            }
            final RpcClient fresh = RpcClient.connect(address, transport.get(), maxFrameLength, connectTimeoutMs);
            clients.put(address, fresh);
            return fresh;
        }
    }

    public Transport transport()
    {
        return transport.get();
    }

    @Override
    public void close()
    {
        closed = true;
        clients.values().forEach(RpcClient::close);
        clients.clear();
    }
}
