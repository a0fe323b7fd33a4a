package io.pocket.client;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers of one block each, reused by streams and file transfers so that they neither
 * allocate per block nor wait for the garbage collector to free direct memory. Keeps at most
 * {@code maxCachedBytes} idle; safe for many threads.
 */
final class BlockBufferPool
{
    private final long maxCachedBytes;
    private final AtomicLong cachedBytes = new AtomicLong();
    private final Map<Integer, Queue<ByteBuffer>> idleBySize = new ConcurrentHashMap<>();

    BlockBufferPool(final long maxCachedBytes)
    {
        this.maxCachedBytes = maxCachedBytes;
    }

    /** A direct buffer of exactly {@code size} bytes, position 0 and limit {@code size}. */
    ByteBuffer acquire(final int size)
    {
        final Queue<ByteBuffer> idle = idleBySize.get(size);
        final ByteBuffer cached = idle == null ? null : idle.poll();
        if (cached != null)
        {
            cachedBytes.addAndGet(-size);
            return cached.clear();
        }
        return ByteBuffer.allocateDirect(size);
    }

    /** Returns a buffer from {@link #acquire}; it must no longer be referenced by any transfer. */
    void release(final ByteBuffer buffer)
    {
        final int size = buffer.capacity();
        if (cachedBytes.addAndGet(size) > maxCachedBytes)
        {
            cachedBytes.addAndGet(-size);
            return;
        }
        idleBySize.computeIfAbsent(size, s -> new ConcurrentLinkedQueue<>()).offer(buffer);
    }

    void clear()
    {
        idleBySize.clear();
        cachedBytes.set(0);
    }
}
