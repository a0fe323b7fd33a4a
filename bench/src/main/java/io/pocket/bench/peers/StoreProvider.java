package io.pocket.bench.peers;

/**
 * One system under test, connected: opens a {@link Store} per client thread and owns what they share
 * (a Pocket job and client, a memcached client with its connection pool).
 */
public interface StoreProvider extends AutoCloseable
{
    /** The system's name in tables and the CSV: {@code pocket}, {@code redis} or {@code memcached}. */
    String system();

    /**
     * Opens one client thread's store.
     *
     * @param maxValueLength the longest value this store will get, to size its reusable buffer
     */
    Store open(int maxValueLength);

    /** Closes the shared client; the stores opened from it must be closed before. */
    @Override
    void close();
}
