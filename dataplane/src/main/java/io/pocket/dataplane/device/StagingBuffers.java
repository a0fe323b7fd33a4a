package io.pocket.dataplane.device;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * The staging buffers of one {@link DeviceQueue}, owned by its I/O thread: one page-aligned off-heap region, cut into
 * block-sized {@link StagingSlot}s and registered with the queue's I/O engine (io_uring fixed buffers), plus overflow
 * slots allocated one by one when the region is exhausted, up to a limit, and kept for reuse. Overflow slots are not
 * registered; the engine serves them with ordinary (non-fixed) requests.
 * <p>
 * Not thread-safe: acquire and release on the owning thread. A slot released elsewhere (Netty releasing a sent buffer
 * on another thread) is handed back to the owner first.
 */
final class StagingBuffers implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StagingBuffers.class);

    private final EventExecutor owner;
    private final int slotSize;
    private final int registeredSlots;
    private final long regionRaw;
    private final long regionAddress;
    private final StagingSlot[] slots;
    private final long[] overflowRaw;
    private final int[] free;
    private int freeCount;
    private int created;
    private boolean closed;

    /**
     * Allocate the region.
     *
     * @param owner           the thread that acquires and releases slots.
     * @param slotSize        bytes per slot, a multiple of {@link NativeMemory#ALIGNMENT}.
     * @param registeredSlots slots in the registered region, {@code >= 1}.
     * @param maxSlots        most slots including overflow ones, {@code >= registeredSlots}.
     */
    StagingBuffers(final EventExecutor owner, final int slotSize, final int registeredSlots, final int maxSlots)
    {
        this.owner = owner;
        this.slotSize = slotSize;
        this.registeredSlots = registeredSlots;
        this.regionRaw = NativeMemory.allocate((long)slotSize * registeredSlots);
        this.regionAddress = NativeMemory.aligned(regionRaw);
        this.slots = new StagingSlot[maxSlots];
        this.overflowRaw = new long[maxSlots];
        this.free = new int[maxSlots];
        for (int i = 0; i < registeredSlots; i++)
        {
            slots[i] = new StagingSlot(this, i, regionAddress + (long)i * slotSize, slotSize);
            free[freeCount++] = registeredSlots - 1 - i;
        }
        created = registeredSlots;
    }

    /** Start of the region to register with the engine. */
    long regionAddress()
    {
        return regionAddress;
    }

    /** Bytes of the region to register with the engine. */
    long regionLength()
    {
        return (long)slotSize * registeredSlots;
    }

    /** Most slots, registered and overflow. */
    int capacity()
    {
        return slots.length;
    }

    /** Slots handed out and not yet released. */
    int inUse()
    {
        return created - freeCount;
    }

    /**
     * A free slot, registered ones first.
     *
     * @return the slot, or null when all {@link #capacity()} slots are in use.
     */
    StagingSlot acquire()
    {
        if (freeCount > 0)
        {
            final StagingSlot slot = slots[free[--freeCount]];
            slot.inUse = true;
            return slot;
        }
        if (created < slots.length && !closed)
        {
            final int index = created;
            final long raw = NativeMemory.allocate(slotSize);
            overflowRaw[index] = raw;
            slots[index] = new StagingSlot(this, index, NativeMemory.aligned(raw), slotSize);
            created++;
            slots[index].inUse = true;
            return slots[index];
        }
        return null;
    }

    /**
     * Slot of a completion's user data.
     *
     * @param index the slot's index.
     * @return the slot.
     */
    StagingSlot slot(final int index)
    {
        return slots[index];
    }

    /** Give a slot back; on the owning thread. */
    void release(final StagingSlot slot)
    {
        if (!slot.inUse)
        {
            return;
        }
        slot.inUse = false;
        slot.forgetRequest();
        free[freeCount++] = slot.index;
    }

    /** Give a slot back from whichever thread Netty released it on. */
    void releaseFromAnyThread(final StagingSlot slot)
    {
        if (owner.inEventLoop())
        {
            release(slot);
            return;
        }
        try
        {
            owner.execute(() -> release(slot));
        }
        catch (final RejectedExecutionException ex)
        {
            LOG.debug("staging slot {} released after its I/O thread stopped", slot.index);
        }
    }

    /** Free the memory; only once no device request and no send uses a slot any more. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = registeredSlots; i < created; i++)
        {
            NativeMemory.free(overflowRaw[i]);
        }
        NativeMemory.free(regionRaw);
    }
}
