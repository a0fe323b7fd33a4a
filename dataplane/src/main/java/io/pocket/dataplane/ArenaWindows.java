package io.pocket.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.dataplane.device.NativeMemory;
import io.pocket.dataplane.tier.DramTier;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Views of a {@link DramTier}'s arena through which block bytes move without a copy on the Java heap: Agrona
 * {@link UnsafeBuffer}s that request bytes are copied into, and Netty {@link ByteBuf}s that responses are sent from
 * and that socket reads land request data in.
 * <p>
 * All views are int-indexed, so the arena is cut into windows of at most {@link #WINDOW_SIZE} bytes, a multiple of the
 * block size; a block never straddles two windows. The views are made once. The send views are shared by the I/O
 * threads, which only read through them. A socket read writes through its landing view ({@link #landing}), and
 * Netty's NIO transport reads into a slice through the parent buffer's one cached NIO buffer (it sets its position and
 * limit, then the read fills it), which two threads must never use at once: so each I/O thread lands data through
 * views of its own, made on its first landing.
 * <p>
 * Netty's {@code Unpooled.wrappedBuffer(address, size, false)} needs the private {@code DirectByteBuffer(long, int)}
 * constructor, which a stock Java 17 run (no {@code --add-opens}) does not expose. Instead each window is a
 * {@link NativeMemory#directByteBuffer} view of the arena, wrapped by Netty as an unowned buffer: releasing it never
 * frees the arena.
 */
final class ArenaWindows implements AutoCloseable
{
    /** Largest window, 1 GiB: a multiple of every block size and below {@code Integer.MAX_VALUE}. */
    static final int WINDOW_SHIFT = 30;
    static final int WINDOW_SIZE = 1 << WINDOW_SHIFT;

    private final int blockShift;
    private final int blocksPerWindowShift;
    private final int blocksPerWindowMask;
    private final long base;
    private final long capacity;
    private final UnsafeBuffer[] copyViews;
    private final ByteBuf[] sendViews;
    private final ThreadLocal<ByteBuf[]> landingViews = ThreadLocal.withInitial(this::newLandingViews);
    private final Queue<ByteBuf[]> allLandingViews = new ConcurrentLinkedQueue<>();

    ArenaWindows(final DramTier tier)
    {
        blockShift = Integer.numberOfTrailingZeros(tier.blockSize());
        blocksPerWindowShift = WINDOW_SHIFT - blockShift;
        blocksPerWindowMask = (1 << blocksPerWindowShift) - 1;
        capacity = tier.capacityBytes();
        base = tier.arenaAddress();
        final int windows = (int)((capacity + WINDOW_SIZE - 1) >>> WINDOW_SHIFT);
        copyViews = new UnsafeBuffer[windows];
        for (int i = 0; i < windows; i++)
        {
            copyViews[i] = new UnsafeBuffer(base + windowStart(i), windowLength(i));
        }
        sendViews = newViews();
    }

    /**
     * Copy bytes into a block. The range must have been validated by the tier.
     *
     * @param blockId     destination block.
     * @param blockOffset offset in the block.
     * @param src         source, e.g. the view of a received frame.
     * @param srcIndex    index of the first byte in {@code src}.
     * @param length      number of bytes.
     */
    void copyIn(final long blockId, final int blockOffset, final DirectBuffer src, final int srcIndex, final int length)
    {
        copyViews[window(blockId)].putBytes(windowOffset(blockId) + blockOffset, src, srcIndex, length);
    }

    /**
     * A buffer over a byte range of a block, to hand to Netty for sending (never for writing into); the caller owns one
     * reference.
     *
     * @param blockId     source block.
     * @param blockOffset offset in the block.
     * @param length      number of bytes.
     * @return a retained slice of the arena, never a copy.
     */
    ByteBuf slice(final long blockId, final int blockOffset, final int length)
    {
        return sendViews[window(blockId)].retainedSlice(windowOffset(blockId) + blockOffset, length);
    }

    /**
     * A buffer over a byte range of a block for socket reads to land in, empty (writer index 0); the caller owns one
     * reference. Only the calling thread may write through it (see the class comment).
     *
     * @param blockId     destination block.
     * @param blockOffset offset in the block.
     * @param length      number of bytes.
     * @return a retained slice of this thread's view of the arena.
     */
    ByteBuf landing(final long blockId, final int blockOffset, final int length)
    {
        return landingViews.get()[window(blockId)].retainedSlice(windowOffset(blockId) + blockOffset, length).clear();
    }

    /** Drops the views' own references; call only once nothing reads into or sends from the arena any more. */
    public void close()
    {
        release(sendViews);
        for (final ByteBuf[] views : allLandingViews)
        {
            release(views);
        }
    }

    private ByteBuf[] newLandingViews()
    {
        final ByteBuf[] views = newViews();
        allLandingViews.add(views);
        return views;
    }

    /** Netty views of every window, each an unowned buffer: releasing it never frees the arena. */
    private ByteBuf[] newViews()
    {
        final ByteBuf[] views = new ByteBuf[copyViews.length];
        for (int i = 0; i < views.length; i++)
        {
            views[i] = Unpooled.wrappedBuffer(NativeMemory.directByteBuffer(base + windowStart(i), windowLength(i)));
        }
        return views;
    }

    private static void release(final ByteBuf[] views)
    {
        for (final ByteBuf view : views)
        {
            if (view.refCnt() > 0)
            {
                view.release(view.refCnt());
            }
        }
    }

    private static long windowStart(final int window)
    {
        return (long)window << WINDOW_SHIFT;
    }

    private int windowLength(final int window)
    {
        return (int)Math.min(WINDOW_SIZE, capacity - windowStart(window));
    }

    private int window(final long blockId)
    {
        return (int)(blockId >>> blocksPerWindowShift);
    }

    private int windowOffset(final long blockId)
    {
        return ((int)blockId & blocksPerWindowMask) << blockShift;
    }
}
