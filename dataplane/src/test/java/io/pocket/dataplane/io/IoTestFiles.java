package io.pocket.dataplane.io;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.CRC32C;

/** Test files under the module's build directory (a disk filesystem, unlike tmpfs) and aligned native buffers. */
final class IoTestFiles
{
    static final Path DIRECTORY = Path.of("target", "io-test").toAbsolutePath();

    private IoTestFiles()
    {
    }

    static Path newPath(final String prefix)
    {
        try
        {
            Files.createDirectories(DIRECTORY);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return DIRECTORY.resolve(prefix + "-" + UUID.randomUUID() + ".dat");
    }

    static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }

    /** An off-heap buffer aligned to 4 KiB, with its address and an UnsafeBuffer view. */
    static final class AlignedBuffer
    {
        final ByteBuffer memory;
        final long address;
        final UnsafeBuffer view;

        AlignedBuffer(final int length)
        {
            memory = BufferUtil.allocateDirectAligned(length, 4096);
            address = BufferUtil.address(memory);
            view = new UnsafeBuffer(memory);
        }

        /** Fill {@code [offset, offset + length)} with bytes derived from {@code seed}. */
        void fill(final int offset, final int length, final long seed)
        {
            long x = seed * 0x9E3779B97F4A7C15L + 1;
            for (int i = 0; i < length; i += 8)
            {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                view.putLong(offset + i, x);
            }
        }

        long checksum(final int offset, final int length)
        {
            final CRC32C crc = new CRC32C();
            final ByteBuffer slice = memory.duplicate();
            slice.limit(offset + length).position(offset);
            crc.update(slice);
            return crc.getValue();
        }

        void zero(final int offset, final int length)
        {
            view.setMemory(offset, length, (byte)0);
        }
    }
}
