package io.pocket.dataplane.device;

import io.pocket.dataplane.io.DirectViews;

import java.nio.ByteBuffer;

import static org.agrona.UnsafeAccess.UNSAFE;

/**
 * Off-heap memory for direct I/O: page-aligned allocations and {@link ByteBuffer} views of native memory that Netty
 * and NIO can send from without a copy.
 */
public final class NativeMemory
{
    /** Alignment of every allocation: a page, a multiple of every device's logical block size. */
    public static final int ALIGNMENT = 4096;

    private NativeMemory()
    {
    }

    /**
     * Allocate memory whose usable start is aligned to {@link #ALIGNMENT}.
     *
     * @param bytes usable bytes.
     * @return the raw allocation, to pass to {@link #free}; the usable start is {@link #aligned(long)} of it.
     * @throws OutOfMemoryError if it cannot be allocated.
     */
    public static long allocate(final long bytes)
    {
        return UNSAFE.allocateMemory(bytes + ALIGNMENT);
    }

    /**
     * The aligned start of an allocation.
     *
     * @param raw as returned by {@link #allocate}.
     * @return the first aligned address in it.
     */
    public static long aligned(final long raw)
    {
        return (raw + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Free an allocation.
     *
     * @param raw as returned by {@link #allocate}.
     */
    public static void free(final long raw)
    {
        UNSAFE.freeMemory(raw);
    }

    /**
     * A direct {@link ByteBuffer} over existing native memory that owns nothing: garbage collecting it never frees
     * the memory. Works on a stock Java 17 (no {@code --add-opens}): the address and capacity fields of an empty
     * direct buffer are pointed at the memory, as Agrona and Netty themselves read those fields.
     *
     * @param address first byte.
     * @param length  bytes, at most {@code Integer.MAX_VALUE}.
     * @return the view, position 0, limit and capacity {@code length}.
     */
    public static ByteBuffer directByteBuffer(final long address, final int length)
    {
        return DirectViews.point(DirectViews.newView(), address, length);
    }
}
