package io.pocket.bench.sort;

import io.pocket.bench.peers.MemcachedStoreProvider;
import io.pocket.bench.peers.RawBytesTranscoder;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.exception.MemcachedException;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ShuffleStore} on memcached through xmemcached: one shared client with a pool of connections,
 * raw byte values, and a get followed by a delete for the read-once gets (memcached has no atomic
 * get-and-delete). Each partition must fit memcached's item limit ({@code -I}); a larger one fails the
 * put with an {@link InvalidArgumentException} that says so.
 */
public final class MemcachedShuffleStore implements ShuffleStore
{
    /** Bytes of item header and key the item limit must hold beyond the value. */
    public static final long ITEM_OVERHEAD = 1024;
    private static final long TIMEOUT_MS = 60_000;

    private final MemcachedClient client;
    private final RawBytesTranscoder transcoder;
    private final long itemMax;
    private final String prefix;

    /**
     * @param address     HOST:PORT of the server
     * @param connections connections in the client's pool
     * @param itemMax     the server's item size limit ({@code -I})
     * @param prefix      prefix of every key, e.g. {@code sort/}
     */
    public MemcachedShuffleStore(final String address, final int connections, final long itemMax, final String prefix)
    {
        this.transcoder = new RawBytesTranscoder((int)Math.min(Integer.MAX_VALUE, itemMax - ITEM_OVERHEAD));
        this.itemMax = itemMax;
        this.prefix = prefix;
        this.client = MemcachedStoreProvider.connect(address, connections, TIMEOUT_MS);
    }

    @Override
    public String name()
    {
        return "memcached";
    }

    @Override
    public void put(final String key, final ByteBuffer data)
    {
        if (data.remaining() + ITEM_OVERHEAD > itemMax)
        {
            throw new InvalidArgumentException("memcached: shuffle object " + key + " of " +
                Sizes.format(data.remaining()) + " exceeds the item limit " + Sizes.format(itemMax) +
                " (-I): use more mappers or reducers, or a larger -I");
        }
        final boolean stored;
        try
        {
            stored = client.set(prefix + key, 0, ShuffleBytes.exactArray(data), transcoder, TIMEOUT_MS);
        }
        catch (final TimeoutException | MemcachedException ex)
        {
            throw new IllegalStateException("memcached: set of " + key + " failed: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("memcached: interrupted", ex);
        }
        if (!stored)
        {
            throw new IllegalStateException("memcached: set of " + key + " was not stored");
        }
    }

    @Override
    public ByteBuffer getAndDelete(final String key)
    {
        final byte[] value;
        try
        {
            value = client.get(prefix + key, TIMEOUT_MS, transcoder);
            if (value == null)
            {
                throw new IllegalStateException("memcached: no shuffle object " + prefix + key +
                    " (never stored, or evicted: is -m large enough?)");
            }
            client.delete(prefix + key, TIMEOUT_MS);
        }
        catch (final TimeoutException | MemcachedException ex)
        {
            throw new IllegalStateException("memcached: get of " + key + " failed: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("memcached: interrupted", ex);
        }
        return ByteBuffer.wrap(value);
    }

    @Override
    public void close()
    {
        MemcachedStoreProvider.shutdown(client);
    }
}
