package io.pocket.controlplane.metadata.core;

import io.pocket.client.DataUnavailableException;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeAccess;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap memory for the small objects a metadata server keeps itself (PUT_INLINE): each object's
 * bytes are one native allocation owned by its {@link ObjectEntry}, never on the Java heap. The
 * server-wide budget is reserved lock-free; an object that does not fit is refused and goes through
 * blocks instead. Each job counts the inline bytes it holds. An entry's memory is only read, freed
 * or handed over under its job's lock, so a lookup never reads freed memory.
 */
public final class InlineStore
{
    private final int maxObjectBytes;
    private final long budgetBytes;
    private final AtomicLong usedBytes = new AtomicLong();

    /**
     * @param maxObjectBytes largest object kept inline; 0 keeps none
     * @param budgetBytes    most bytes of inline objects held at once
     */
    public InlineStore(final int maxObjectBytes, final long budgetBytes)
    {
        if (maxObjectBytes < 0 || budgetBytes < 0)
        {
            throw new IllegalArgumentException("inline limits must not be negative: " + maxObjectBytes + ", " + budgetBytes);
        }
        this.maxObjectBytes = maxObjectBytes;
        this.budgetBytes = budgetBytes;
    }

    /** A store that keeps nothing inline. */
    public static InlineStore disabled()
    {
        return new InlineStore(0, 0);
    }

    public int maxObjectBytes()
    {
        return maxObjectBytes;
    }

    public long budgetBytes()
    {
        return budgetBytes;
    }

    /** Bytes of inline objects held now, over all jobs. */
    public long usedBytes()
    {
        return usedBytes.get();
    }

    /** Reserves room for an object of {@code length} bytes; false if it is too large or the budget is spent. */
    boolean reserve(final int length)
    {
        if (length > maxObjectBytes)
        {
            return false;
        }
        while (true)
        {
            final long used = usedBytes.get();
            if (used + length > budgetBytes)
            {
                return false;
            }
            if (usedBytes.compareAndSet(used, used + length))
            {
                return true;
            }
        }
    }

    /** Gives back a reservation that was not used. */
    void unreserve(final int length)
    {
        usedBytes.addAndGet(-length);
    }

    /** Copies a reserved object's bytes off-heap into {@code entry}, which must be new; under the job's lock. */
    void store(final ObjectEntry entry, final DirectBuffer src, final int index, final int length)
    {
        long address = 0;
        if (length > 0)
        {
            address = UnsafeAccess.UNSAFE.allocateMemory(length);
            UnsafeAccess.UNSAFE.copyMemory(src.byteArray(), src.addressOffset() + index, null, address, length);
        }
        entry.inline = true;
        entry.inlineAddress = address;
        entry.inlineLength = length;
        entry.job.inlineBytes += length;
    }

    /**
     * Hands an inline object's bytes to {@code sink}; under the job's lock.
     *
     * @throws DataUnavailableException if the memory was freed because the server is closing
     */
    void copyOut(final ObjectEntry entry, final InlineSink sink)
    {
        if (entry.inlineLength > 0 && entry.inlineAddress == 0)
        {
            throw new DataUnavailableException("object " + entry.name + " of job " + entry.job.id +
                " is unavailable: the metadata server is closing");
        }
        sink.copy(entry.inlineAddress, entry.inlineLength);
    }

    /** Frees an entry's inline memory if it has any; idempotent; under the job's lock. */
    void free(final ObjectEntry entry)
    {
        if (!entry.inline || entry.inlineFreed)
        {
            return;
        }
        entry.inlineFreed = true;
        if (entry.inlineAddress != 0)
        {
            UnsafeAccess.UNSAFE.freeMemory(entry.inlineAddress);
            entry.inlineAddress = 0;
        }
        entry.job.inlineBytes -= entry.inlineLength;
        usedBytes.addAndGet(-entry.inlineLength);
    }

    /** Receives an inline object's bytes: {@code length} bytes at native {@code address}, valid during the call. */
    @FunctionalInterface
    public interface InlineSink
    {
        void copy(long address, int length);
    }
}
