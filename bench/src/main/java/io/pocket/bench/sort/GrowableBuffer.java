package io.pocket.bench.sort;

import java.nio.ByteBuffer;

/** A heap byte array that grows as bytes are appended; holds one partition or one reducer's input. */
final class GrowableBuffer
{
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private byte[] array;
    private int size;

    GrowableBuffer(final long initialCapacity)
    {
        array = new byte[(int)Math.min(Math.max(initialCapacity, 16), MAX_CAPACITY)];
    }

    byte[] array()
    {
        return array;
    }

    int size()
    {
        return size;
    }

    void append(final byte[] src, final int offset, final int length)
    {
        ensureRoom(length);
        System.arraycopy(src, offset, array, size, length);
        size += length;
    }

    /** Appends {@code src} from its position to its limit without moving its position. */
    void append(final ByteBuffer src)
    {
        final int length = src.remaining();
        ensureRoom(length);
        src.get(src.position(), array, size, length);
        size += length;
    }

    /** A buffer over the bytes appended so far (shares the array). */
    ByteBuffer asByteBuffer()
    {
        return ByteBuffer.wrap(array, 0, size);
    }

    private void ensureRoom(final int length)
    {
        final long needed = (long)size + length;
        if (needed > array.length)
        {
            if (needed > MAX_CAPACITY)
            {
                throw new IllegalStateException("buffer over 2 GiB: use more mappers or reducers");
            }
            final long grown = Math.max(needed, array.length + (array.length >> 1));
            final byte[] bigger = new byte[(int)Math.min(grown, MAX_CAPACITY)];
            System.arraycopy(array, 0, bigger, 0, size);
            array = bigger;
        }
    }
}
