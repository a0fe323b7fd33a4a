package io.pocket.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.dataplane.device.NativeMemory;
import io.pocket.dataplane.tier.DramTier;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Views of a {@link DramTier}'s arena through which block bytes move without a copy on the Java heap: Agrona
 * {@link UnsafeBuffer}s that request bytes are copied into, and Netty {@link ByteBuf}s that responses are sent from.
 * <p>
 * Both kinds of views are int-indexed, so the arena is cut into windows of at most {@link #WINDOW_SIZE} bytes, a
 * multiple of the block size; a block never straddles two windows. The views are made once and are safe to share
 * between I/O threads: the block path only reads them.
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
    private final UnsafeBuffer[] copyViews;
    private final ByteBuf[] sendViews;

    ArenaWindows(final DramTier tier)
    {
        blockShift = Integer.numberOfTrailingZeros(tier.blockSize());
        blocksPerWindowShift = WINDOW_SHIFT - blockShift;
        blocksPerWindowMask = (1 << blocksPerWindowShift) - 1;
        final long capacity = tier.capacityBytes();
        final int windows = (int)((capacity + WINDOW_SIZE - 1) >>> WINDOW_SHIFT);
        copyViews = new UnsafeBuffer[windows];
        sendViews = new ByteBuf[windows];
        final long base = tier.arenaAddress();
        for (int i = 0; i < windows; i++)
        {
            final long start = (long)i << WINDOW_SHIFT;
            final int length = (int)Math.min(WINDOW_SIZE, capacity - start);
            copyViews[i] = new UnsafeBuffer(base + start, length);
            sendViews[i] = Unpooled.wrappedBuffer(NativeMemory.directByteBuffer(base + start, length));
        }
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
     * A buffer over a byte range of a block, to hand to Netty for sending; the caller owns one reference.
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

    /** Drops the send views' own references; call only once nothing sends from the arena any more. */
    public void close()
    {
        for (final ByteBuf view : sendViews)
        {
            if (view.refCnt() > 0)
            {
                view.release(view.refCnt());
            }
        }
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
