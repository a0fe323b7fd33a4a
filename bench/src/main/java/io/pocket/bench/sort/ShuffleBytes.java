package io.pocket.bench.sort;

import java.nio.ByteBuffer;

/** Byte arrays for clients that take only whole arrays (Jedis, xmemcached). */
final class ShuffleBytes
{
    private ShuffleBytes()
    {
    }

    /**
     * The bytes of {@code data} from its position to its limit as an array of exactly that length: the
     * backing array itself when it is exactly that, else a copy. The buffer is not moved.
     */
    static byte[] exactArray(final ByteBuffer data)
    {
        final int length = data.remaining();
        if (data.hasArray() && data.arrayOffset() + data.position() == 0 && data.array().length == length)
        {
            return data.array();
        }
        final byte[] copy = new byte[length];
        data.get(data.position(), copy, 0, length);
        return copy;
    }
}
