package io.pocket.bench.peers;

import java.nio.ByteBuffer;

/**
 * One benchmark client's connection to a key-value store: Pocket, Redis or memcached, each through its
 * own well-kept Java client. A store belongs to one thread at a time; every system hands out one per
 * client thread through {@link StoreProvider#open(int)}.
 */
public interface Store extends AutoCloseable
{
    /**
     * Stores {@code value[0, length)} under {@code key}. Pocket objects are write-once, so callers put
     * fresh keys; the others overwrite. The array may be reused once this returns.
     *
     * @throws RuntimeException the client's own exception when the store refuses or cannot be reached
     */
    void put(String key, byte[] value, int length);

    /**
     * Reads the value of {@code key}.
     *
     * @return the value between position 0 and the limit: this store's reusable buffer (overwritten by
     * the next get) or a buffer over a fresh array, whichever the client's API gives without another
     * copy; null when there is no such key
     */
    ByteBuffer get(String key);

    /**
     * Removes {@code key}.
     *
     * @return false if there was no such key
     */
    boolean delete(String key);

    /** Closes this client's connection; the data stays in the store. */
    @Override
    void close();
}
