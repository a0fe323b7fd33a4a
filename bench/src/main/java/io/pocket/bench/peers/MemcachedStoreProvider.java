package io.pocket.bench.peers;

import com.google.code.yanf4j.core.impl.StandardSocketOption;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.exception.MemcachedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/**
 * memcached through xmemcached: one thread-safe client shared by every client thread, with a pool of
 * NIO connections (requests of many threads are pipelined over them, which is how xmemcached is meant
 * to be used), raw byte values (no compression, no serialization) and the text protocol. A get returns
 * the fresh array the client decodes the reply into.
 */
public final class MemcachedStoreProvider implements StoreProvider
{
    /** Operation timeout, long enough for a 16 MiB value under 64 clients on a busy machine. */
    public static final long TIMEOUT_MS = 30_000;

    /**
     * Socket send and receive buffers. xmemcached sets 32 KiB / 64 KiB by default, which turns off the
     * kernel's buffer autotuning: 1 MiB sets then ran at 1.7/s here; with 4 MiB they ran at ~800/s.
     */
    public static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final MemcachedClient client;
    private final RawBytesTranscoder transcoder;

    /**
     * Connects.
     *
     * @param address        HOST:PORT of the server
     * @param connections    connections in the pool, 1 or more
     * @param maxValueLength longest value the benchmark stores; the server's item limit ({@code -I})
     *                       must allow it plus the item header
     */
    public MemcachedStoreProvider(final String address, final int connections, final int maxValueLength)
    {
        this.client = connect(address, connections, TIMEOUT_MS);
        this.transcoder = new RawBytesTranscoder(maxValueLength);
        try
        {
            if (client.getAvailableServers().isEmpty())
            {
                throw new IllegalStateException("memcached at " + address + " cannot be reached");
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * An xmemcached client as both memcached clients of the benchmarks use it: a pool of
     * {@code connections}, keys sent as given, and the socket buffers of {@link #SOCKET_BUFFER_BYTES}.
     *
     * @throws UncheckedIOException if the server cannot be reached
     */
    public static MemcachedClient connect(final String address, final int connections, final long timeoutMs)
    {
        final XMemcachedClientBuilder builder = new XMemcachedClientBuilder(address);
        builder.setConnectionPoolSize(connections);
        builder.setConnectTimeout(timeoutMs);
        builder.setOpTimeout(timeoutMs);
        builder.setSanitizeKeys(false);
        builder.setFailureMode(false);
        builder.setSocketOption(StandardSocketOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        builder.setSocketOption(StandardSocketOption.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        builder.setSocketOption(StandardSocketOption.TCP_NODELAY, true);
        try
        {
            return builder.build();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("memcached at " + address + " cannot be reached: " + ex.getMessage(), ex);
        }
    }

    /** Shuts a client down; a failure to do so cleanly is unchecked. */
    public static void shutdown(final MemcachedClient client)
    {
        try
        {
            client.shutdown();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("memcached client did not shut down cleanly: " + ex.getMessage(), ex);
        }
    }

    @Override
    public String system()
    {
        return "memcached";
    }

    @Override
    public Store open(final int maxValueLength)
    {
        return new MemcachedStore(client, transcoder);
    }

    @Override
    public void close()
    {
        shutdown(client);
    }

    /** A view of the shared client for one thread. */
    static final class MemcachedStore implements Store
    {
        private final MemcachedClient client;
        private final RawBytesTranscoder transcoder;

        MemcachedStore(final MemcachedClient client, final RawBytesTranscoder transcoder)
        {
            this.client = client;
            this.transcoder = transcoder;
        }

        @Override
        public void put(final String key, final byte[] value, final int length)
        {
            final boolean stored;
            try
            {
                stored = client.set(key, 0, length == value.length ? value : Arrays.copyOf(value, length),
                    transcoder, TIMEOUT_MS);
            }
            catch (final TimeoutException | MemcachedException ex)
            {
                throw failure("set", key, ex);
            }
            catch (final InterruptedException ex)
            {
                throw interrupted();
            }
            if (!stored)
            {
                throw new IllegalStateException("memcached: set of " + key + " was not stored");
            }
        }

        @Override
        public ByteBuffer get(final String key)
        {
            final byte[] value = getBytes(key);
            return value == null ? null : ByteBuffer.wrap(value);
        }

        /** The value of {@code key} as the client decoded it, or null. */
        private byte[] getBytes(final String key)
        {
            try
            {
                return client.get(key, TIMEOUT_MS, transcoder);
            }
            catch (final TimeoutException | MemcachedException ex)
            {
                throw failure("get", key, ex);
            }
            catch (final InterruptedException ex)
            {
                throw interrupted();
            }
        }

        @Override
        public boolean delete(final String key)
        {
            try
            {
                return client.delete(key, TIMEOUT_MS);
            }
            catch (final TimeoutException | MemcachedException ex)
            {
                throw failure("delete", key, ex);
            }
            catch (final InterruptedException ex)
            {
                throw interrupted();
            }
        }

        @Override
        public void close()
        {
            // The client is shared; the provider closes it.
        }

        private static IllegalStateException failure(final String op, final String key, final Exception cause)
        {
            return new IllegalStateException("memcached: " + op + " of " + key + " failed: " + cause.getMessage(),
                cause);
        }

        private static IllegalStateException interrupted()
        {
            Thread.currentThread().interrupt();
            return new IllegalStateException("memcached: interrupted");
        }
    }
}
