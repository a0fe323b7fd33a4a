package io.pocket.bench.sort;

import java.nio.ByteBuffer;

/**
 * Where a shuffle's intermediate objects live between the map and the reduce phase: Pocket,
 * Redis or memcached. Every key is written once and read once. Implementations are used from
 * many threads at the same time.
 */
public interface ShuffleStore extends AutoCloseable
{
    /** A short name of the store for reports, e.g. {@code pocket}. */
    String name();

    /**
     * Stores the bytes of {@code data} from its position to its limit under {@code key}. The buffer
     * (its contents, position and limit) is not modified and may be reused once this returns.
     */
    void put(String key, ByteBuffer data);

    /**
     * Reads the object stored under {@code key} and removes it (read-once shuffle).
     *
     * @return a buffer positioned at 0 with limit equal to the object's size, owned by the caller
     * @throws RuntimeException if there is no such object
     */
    ByteBuffer getAndDelete(String key);

    /** Releases what this store holds; the objects written through it need not survive. */
    @Override
    void close();
}
