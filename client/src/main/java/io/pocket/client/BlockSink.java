package io.pocket.client;

import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;

/**
 * Where the bytes of a block read go: either memory the socket reads into directly
 * ({@link #target}), or a copy out of a receive buffer ({@link #copy}, called on a transport event
 * loop while the response frame is held: it must not block).
 */
interface BlockSink
{
    /**
     * @param src    the receive buffer
     * @param index  where the block's bytes start in {@code src}
     * @param block  the block's index within the object
     * @param length how many bytes the block holds
     */
    void copy(DirectBuffer src, int index, int block, int length);

    /**
     * The memory block {@code block}'s {@code length} bytes belong in, positioned and limited to
     * exactly them, for a read straight from the socket; the view is reused by the next call.
     */
    ByteBuffer target(int block, int length);

    /** Block {@code i} goes to {@code base + i * blockSize} of {@code dst}, by absolute index. */
    static BlockSink into(final ByteBuffer dst, final int base, final int blockSize)
    {
        return new Region(dst, base, blockSize);
    }

    /** Every block goes to the start of {@code dst}. */
    static BlockSink atStartOf(final ByteBuffer dst)
    {
        return new Region(dst, 0, 0);
    }

    /** Blocks laid out in one buffer from {@code base}, {@code stride} bytes apart. */
    final class Region implements BlockSink
    {
        private final ByteBuffer dst;
        private final int base;
        private final int stride;
        private ByteBuffer view;

        Region(final ByteBuffer dst, final int base, final int stride)
        {
            this.dst = dst;
            this.base = base;
            this.stride = stride;
        }

        @Override
        public void copy(final DirectBuffer src, final int index, final int block, final int length)
        {
            src.getBytes(index, dst, base + block * stride, length);
        }

        @Override
        public ByteBuffer target(final int block, final int length)
        {
            if (view == null)
            {
                view = dst.duplicate();
            }
            final int at = base + block * stride;
            view.limit(at + length).position(at);
            return view;
        }
    }
}
