package io.pocket.bench.sort;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Layout of a sort record: {@code keySize} key bytes followed by the value, {@code recordSize} bytes
 * in all (sortbenchmark style: 10 + 90). Records are ordered by unsigned lexicographic comparison of
 * all their bytes, i.e. by key and then by value, which makes the order total.
 *
 * @param recordSize bytes per record, at least {@code keySize + 8}
 * @param keySize    key bytes at the start of a record, at least 2 (the partitioning prefix)
 */
public record RecordFormat(int recordSize, int keySize)
{
    /** The sortbenchmark format: 100-byte records with 10-byte keys. */
    public static final RecordFormat SORT_BENCHMARK = new RecordFormat(100, 10);

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HASH_SEED = 0x2545F4914F6CDD1DL;
    private static final long K1 = 0x87C37B91114253D5L;
    private static final long K2 = 0x4CF5AD432745937FL;

    public RecordFormat
    {
        if (keySize < 2)
        {
            throw new IllegalArgumentException("keySize must be at least 2 bytes: " + keySize);
        }
        if (recordSize < keySize + 8)
        {
            throw new IllegalArgumentException(
                "recordSize must be at least keySize + 8 (room for a record id): " + recordSize);
        }
    }

    /** Unsigned lexicographic comparison of the whole records (key, then value). */
    public int compare(final byte[] a, final int aOffset, final byte[] b, final int bOffset)
    {
        return Arrays.compareUnsigned(a, aOffset, aOffset + recordSize, b, bOffset, bOffset + recordSize);
    }

    /** Unsigned lexicographic comparison of the keys only. */
    public int compareKeys(final byte[] a, final int aOffset, final byte[] b, final int bOffset)
    {
        return Arrays.compareUnsigned(a, aOffset, aOffset + keySize, b, bOffset, bOffset + keySize);
    }

    /** The first two key bytes as an unsigned number in [0, 65535]: what records are partitioned by. */
    public int partitionPrefix(final byte[] data, final int offset)
    {
        return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
    }

    /** The first 8 bytes of a record, big-endian; unsigned order of prefixes agrees with record order. */
    public long sortPrefix(final byte[] data, final int offset)
    {
        return (long)LONG_BE.get(data, offset);
    }

    /** Writes a record id into the 8 bytes right after the key. */
    void writeRecordId(final byte[] data, final int offset, final long id)
    {
        LONG_BE.set(data, offset + keySize, id);
    }

    /**
     * A 64-bit hash of all bytes of one record. Summing these over a set of records gives an
     * order-independent checksum; a change to any single 8-byte word of a record always changes its hash.
     */
    public long hash(final byte[] data, final int offset)
    {
        long h = HASH_SEED ^ recordSize;
        int i = 0;
        for (; i + Long.BYTES <= recordSize; i += Long.BYTES)
        {
            h = mixWord(h, (long)LONG_LE.get(data, offset + i));
        }
        if (i < recordSize)
        {
            long tail = 0;
            for (int shift = 0; i < recordSize; i++, shift += 8)
            {
                tail |= (data[offset + i] & 0xFFL) << shift;
            }
            h = mixWord(h, tail);
        }
        return finish(h);
    }

    /** Copies a record's key into a new array. */
    public byte[] key(final byte[] data, final int offset)
    {
        return Arrays.copyOfRange(data, offset, offset + keySize);
    }

    private static long mixWord(final long h, final long word)
    {
        return Long.rotateLeft(h ^ (word * K1), 31) * K2;
    }

    private static long finish(final long h)
    {
        long z = h;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
