package io.pocket.bench.peers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Values of one object size: random bytes (a fixed seed, so every system stores the same bytes) whose
 * first and last 8 bytes carry a stamp that identifies the key. A cheap check of a got value compares
 * its length and both stamps; a full check compares every byte.
 */
final class ValueStamp
{
    /** Shortest value: room for both stamps. */
    static final int MIN_LENGTH = 2 * Long.BYTES;

    private final byte[] template;

    ValueStamp(final int length)
    {
        if (length < MIN_LENGTH)
        {
            throw new IllegalArgumentException("values need at least " + MIN_LENGTH + " bytes, got " + length);
        }
        template = new byte[length];
        final SplittableRandom random = new SplittableRandom(0x5EED_0F_BE4CL ^ length);
        for (int i = 0; i < length; i++)
        {
            template[i] = (byte)random.nextInt();
        }
    }

    int length()
    {
        return template.length;
    }

    /** A fresh copy of the value bytes, to stamp and put from. */
    byte[] newValue()
    {
        return template.clone();
    }

    /** Writes {@code stamp} into the first and last 8 bytes of {@code value}. */
    static void stamp(final byte[] value, final long stamp)
    {
        final ByteBuffer view = ByteBuffer.wrap(value).order(ByteOrder.BIG_ENDIAN);
        view.putLong(0, stamp);
        view.putLong(value.length - Long.BYTES, stamp);
    }

    /** The stamp of stored object {@code index}. */
    static long stampOf(final long index)
    {
        long z = index + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Checks a got value: length and both stamps, and with {@code full} every byte in between.
     *
     * @param value the value between its position 0 and limit, not moved
     * @return null when it is right, else what is wrong
     */
    String check(final ByteBuffer value, final long stamp, final boolean full)
    {
        if (value.remaining() != template.length)
        {
            return "got " + value.remaining() + " bytes, stored " + template.length;
        }
        final int start = value.position();
        final int last = start + template.length - Long.BYTES;
        if (value.getLong(start) != stamp || value.getLong(last) != stamp)
        {
            return "got the value of another key or altered bytes (stamps differ)";
        }
        if (full)
        {
            final ByteBuffer middle = value.duplicate().position(start + Long.BYTES).limit(last);
            if (middle.mismatch(ByteBuffer.wrap(template, Long.BYTES, template.length - MIN_LENGTH)) != -1)
            {
                return "got altered bytes";
            }
        }
        return null;
    }
}
