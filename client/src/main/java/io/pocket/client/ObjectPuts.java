package io.pocket.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The whole-object writes of {@link Job#put}: from a buffer (each block sent straight from the
 * caller's memory) and from a file (mapped read-only in regions, each block sent from the
 * mapping). Each holds one blocking metadata connection from CREATE_OBJECT to SEAL_OBJECT (see
 * {@link MetadataLink}). Any failure aborts the object before the typed exception is rethrown.
 */
final class ObjectPuts
{
    /** Most bytes of a file mapped at once. */
    static final long REGION_BYTES = 64L << 20;

    private ObjectPuts()
    {
    }

    /** Writes {@code src} from its position to its limit; the caller's buffer is not modified. */
    static void fromBuffer(final JobSession session, final String name, final int flags, final ByteBuffer src)
    {
        final int base = src.position();
        final long size = src.remaining();
        try (MetadataLink metadata = session.pinMetadata())
        {
            final ObjectWriter writer = new ObjectWriter(session, metadata, name, flags, size);
            try
            {
                writeSlices(writer, src, base, size);
                writer.seal();
            }
            catch (final Throwable t)
            {
                writer.abort();
                throw t;
            }
        }
    }

    static void fromFile(final JobSession session, final String name, final int flags, final Path src)
    {
        if (!Files.isRegularFile(src))
        {
            throw new InvalidArgumentException("cannot put " + src + ": not a readable regular file");
        }
        final FileChannel file;
        final long size;
        try
        {
            file = FileChannel.open(src, StandardOpenOption.READ);
            size = file.size();
        }
        catch (final IOException ex)
        {
            throw new InvalidArgumentException("cannot read " + src + ": " + ex, ex);
        }
        try (file; MetadataLink metadata = session.pinMetadata())
        {
            final ObjectWriter writer = new ObjectWriter(session, metadata, name, flags, size);
            try
            {
                final int blockSize = writer.blockSize();
                final long regionBytes = Math.max(blockSize, REGION_BYTES / blockSize * blockSize);
                for (long start = 0; start < size; start += regionBytes)
                {
                    final long length = Math.min(regionBytes, size - start);
                    final MappedByteBuffer region = file.map(FileChannel.MapMode.READ_ONLY, start, length);
                    writeSlices(writer, region, 0, length);
                }
                writer.seal();
            }
            catch (final IOException ex)
            {
                writer.abort();
                throw new UncheckedIOException("reading " + src + " failed: " + ex.getMessage(), ex);
            }
            catch (final Throwable t)
            {
                writer.abort();
                throw t;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("closing " + src + " failed: " + ex.getMessage(), ex);
        }
    }

    private static void writeSlices(final ObjectWriter writer, final ByteBuffer data, final int base, final long size)
    {
        final int blockSize = writer.blockSize();
        for (long offset = 0; offset < size; offset += blockSize)
        {
            final int length = (int)Math.min(blockSize, size - offset);
            writer.write(data.slice(base + (int)offset, length), null);
        }
    }
}
