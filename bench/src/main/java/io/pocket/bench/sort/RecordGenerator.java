package io.pocket.bench.sort;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deterministic source of one mapper's records: random keys and values drawn 8 bytes at a time, with a
 * unique record id ({@code mapperIndex << 40 | sequence}) in the first 8 value bytes as sortbenchmark's
 * gensort does. The same seed and mapper index always produce the same record sequence, however it is
 * split into {@link #fill} calls. Not thread safe: one generator per mapper.
 */
public final class RecordGenerator
{
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SEQUENCE_BITS = 40;

    private final RecordFormat format;
    private final long idBase;
    private final SplittableRandom random;
    private long sequence;

    public RecordGenerator(final RecordFormat format, final long seed, final int mapperIndex)
    {
        if (mapperIndex < 0 || mapperIndex >= (1 << (Long.SIZE - SEQUENCE_BITS - 1)))
        {
            throw new IllegalArgumentException("mapperIndex out of range: " + mapperIndex);
        }
        this.format = Objects.requireNonNull(format, "format");
        this.idBase = (long)mapperIndex << SEQUENCE_BITS;
        this.random = new SplittableRandom(mapperSeed(seed, mapperIndex));
    }

    /** The format of the records produced. */
    public RecordFormat format()
    {
        return format;
    }

    /** How many records this generator has produced so far. */
    public long generated()
    {
        return sequence;
    }

    /**
     * Writes the next {@code count} records contiguously into {@code dst} from {@code offset}.
     *
     * @return the number of bytes written, {@code count * recordSize}
     */
    public int fill(final byte[] dst, final int offset, final int count)
    {
        final int recordSize = format.recordSize();
        final int length = Math.multiplyExact(count, recordSize);
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (sequence + count > (1L << SEQUENCE_BITS))
        {
            throw new IllegalStateException("record ids exhausted");
        }

        for (int r = 0, recordOffset = offset; r < count; r++, recordOffset += recordSize)
        {
            fillRandom(dst, recordOffset, recordOffset + recordSize);
            format.writeRecordId(dst, recordOffset, idBase | sequence++);
        }
        return length;
    }

    /** One record's random bytes, drawn per record so the stream does not depend on batch sizes. */
    private void fillRandom(final byte[] dst, final int from, final int to)
    {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES)
        {
            LONG_LE.set(dst, i, random.nextLong());
        }
        if (i < to)
        {
            long tail = random.nextLong();
            for (; i < to; i++, tail >>>= 8)
            {
                dst[i] = (byte)tail;
            }
        }
    }

    private static long mapperSeed(final long seed, final int mapperIndex)
    {
        long z = seed + (mapperIndex + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
