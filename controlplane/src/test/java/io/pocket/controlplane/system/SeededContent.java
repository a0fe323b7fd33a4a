package io.pocket.controlplane.system;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Object content as a pure function of a seed and a byte offset, so that data of any size can be
 * written and verified in chunks without ever holding the whole object: byte {@code p} is byte
 * {@code p & 7} (little-endian) of {@code mix(seed, p >>> 3)} (a SplitMix64 finaliser); aligned
 * words are generated and compared eight bytes at a time.
 */
final class SeededContent
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SeededContent()
    {
    }

    /** A seed for the {@code index}-th object of {@code owner}. */
    static long seed(final long owner, final long index)
    {
        return mix(owner * 0x9E3779B97F4A7C15L + index);
    }

    /** The first {@code size} bytes of the content of {@code seed}. */
    static byte[] bytes(final long seed, final int size)
    {
        final byte[] bytes = new byte[size];
        fill(seed, 0, bytes, 0, size);
        return bytes;
    }

    /** Writes the content bytes {@code [position, position + length)} into {@code dst[offset..]}. */
    static void fill(final long seed, final long position, final byte[] dst, final int offset, final int length)
    {
        int i = 0;
        while (i < length && ((position + i) & 7) != 0)
        {
            dst[offset + i] = at(seed, position + i);
            i++;
        }
        for (; i + 8 <= length; i += 8)
        {
            LONGS.set(dst, offset + i, word(seed, (position + i) >>> 3));
        }
        for (; i < length; i++)
        {
            dst[offset + i] = at(seed, position + i);
        }
    }

    /** Fails naming the first offset where {@code src[offset..offset + length)} differs from the content at {@code position}. */
    static void verify(
        final long seed, final long position, final byte[] src, final int offset, final int length, final String what)
    {
        int i = 0;
        while (i < length && ((position + i) & 7) != 0)
        {
            verifyByte(seed, position + i, src[offset + i], what);
            i++;
        }
        for (; i + 8 <= length; i += 8)
        {
            if ((long)LONGS.get(src, offset + i) != word(seed, (position + i) >>> 3))
            {
                for (int j = i; j < i + 8; j++)
                {
                    verifyByte(seed, position + j, src[offset + j], what);
                }
            }
        }
        for (; i < length; i++)
        {
            verifyByte(seed, position + i, src[offset + i], what);
        }
    }

    /** The content byte at {@code position}. */
    static byte at(final long seed, final long position)
    {
        return (byte)(word(seed, position >>> 3) >>> ((position & 7) << 3));
    }

    private static void verifyByte(final long seed, final long position, final byte actual, final String what)
    {
        final byte expected = at(seed, position);
        if (actual != expected)
        {
            fail(what + ": byte at offset " + position + " is " + actual + ", expected " + expected);
        }
    }

    private static long word(final long seed, final long wordIndex)
    {
        return mix(seed + wordIndex * 0xBF58476D1CE4E5B9L);
    }

    /** Fails unless {@code actual} from its position to its limit is exactly {@code expected}; does not move it. */
    static void assertBytes(final byte[] expected, final ByteBuffer actual, final String what)
    {
        if (actual.remaining() != expected.length)
        {
            fail(what + ": " + actual.remaining() + " bytes, expected " + expected.length);
        }
        final int mismatch = actual.mismatch(ByteBuffer.wrap(expected));
        if (mismatch >= 0)
        {
            fail(what + ": first difference at offset " + mismatch + " of " + expected.length);
        }
    }

    /** Fails unless {@code actual} is exactly {@code expected}, naming the first differing offset. */
    static void assertBytes(final byte[] expected, final byte[] actual, final String what)
    {
        assertBytes(expected, ByteBuffer.wrap(actual), what);
    }

    private static long mix(final long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
