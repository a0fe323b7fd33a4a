package io.pocket.bench.sort;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a {@link ShuffleStore} and measures the shuffle's wall time: the span from the start of the
 * first put to the end of the last put (the write side) plus the span from the start of the first get
 * to the end of the last get (the read side). Mappers put all their partitions at the end of their
 * work and reducers get all theirs at the start of theirs, so these spans are the time the job spends
 * moving shuffle data, whatever the compute around them costs.
 */
public final class TimedShuffleStore implements ShuffleStore
{
    private final ShuffleStore store;
    private final AtomicLong firstPutStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastPutEnd = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong firstGetStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastGetEnd = new AtomicLong(Long.MIN_VALUE);

    public TimedShuffleStore(final ShuffleStore store)
    {
        this.store = store;
    }

    @Override
    public String name()
    {
        return store.name();
    }

    @Override
    public void put(final String key, final ByteBuffer data)
    {
        firstPutStart.accumulateAndGet(System.nanoTime(), Math::min);
        store.put(key, data);
        lastPutEnd.accumulateAndGet(System.nanoTime(), Math::max);
    }

    @Override
    public ByteBuffer getAndDelete(final String key)
    {
        firstGetStart.accumulateAndGet(System.nanoTime(), Math::min);
        final ByteBuffer value = store.getAndDelete(key);
        lastGetEnd.accumulateAndGet(System.nanoTime(), Math::max);
        return value;
    }

    /** Seconds from the first put's start to the last put's end, 0 before any put. */
    public double writeSeconds()
    {
        return span(firstPutStart.get(), lastPutEnd.get());
    }

    /** Seconds from the first get's start to the last get's end, 0 before any get. */
    public double readSeconds()
    {
        return span(firstGetStart.get(), lastGetEnd.get());
    }

    /** Write and read spans together. */
    public double shuffleSeconds()
    {
        return writeSeconds() + readSeconds();
    }

    @Override
    public void close()
    {
        store.close();
    }

    private static double span(final long start, final long end)
    {
        return start == Long.MAX_VALUE || end < start ? 0 : (end - start) / 1e9;
    }
}
