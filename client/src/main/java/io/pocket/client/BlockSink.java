package io.pocket.client;

import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;

/**
 * Where the bytes of a block read go. Called on a transport event loop while the response frame
 * is held: it copies straight out of the receive buffer and must not block.
 */
@FunctionalInterface
interface BlockSink
{
    /**
     * @param src    the receive buffer
     * @param index  where the block's bytes start in {@code src}
     * @param block  the block's index within the object
     * @param length how many bytes the block holds
     */
    void copy(DirectBuffer src, int index, int block, int length);

    /** Copies block {@code i} to {@code base + i * blockSize} of {@code dst}, by absolute index. */
    static BlockSink into(final ByteBuffer dst, final int base, final int blockSize)
    {
        return (src, index, block, length) -> src.getBytes(index, dst, base + block * blockSize, length);
    }

    /** Copies every block to the start of {@code dst}. */
    static BlockSink atStartOf(final ByteBuffer dst)
    {
        return (src, index, block, length) -> src.getBytes(index, dst, 0, length);
    }
}
