package io.pocket.client;

import io.pocket.protocol.MetadataMessages.PutInline;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;
import io.pocket.transport.ResponseDecoder;

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
 * mapping); small objects in one PUT_INLINE request to the metadata server. Each holds one blocking metadata connection from CREATE_OBJECT to SEAL_OBJECT (see
 * {@link MetadataLink}). Any failure aborts the object before the typed exception is rethrown.
 */
final class ObjectPuts
{
    /** Most bytes of a file mapped at once. */
    static final long REGION_BYTES = 64L << 20;

    private ObjectPuts()
    {
    }

    /** Decodes the answer to PUT_INLINE: whether the metadata server stored the object. */
    private static final ResponseDecoder<Boolean> STORED = r ->
    {
        final boolean stored = r.getBoolean();
        r.end();
        return stored;
    };

    /**
     * Writes {@code src} from its position to its limit; the caller's buffer is not modified. An
     * object up to the inline limit goes to the metadata server in one PUT_INLINE request; if the
     * server has no room for it there, it goes through blocks like a larger one.
     */
    static void fromBuffer(final JobSession session, final String name, final int flags, final ByteBuffer src)
    {
        if (src.remaining() <= session.context().inlineMaxBytes() && putInline(session, name, flags, src))
        {
            return;
        }
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
        if (size <= session.context().inlineMaxBytes())
        {
            final ByteBuffer small = ByteBuffer.allocate((int)size);
            try (file)
            {
                while (small.hasRemaining() && file.read(small) >= 0)
                {
                    // a file shorter than its size ends the loop with bytes missing, checked below
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("reading " + src + " failed: " + ex.getMessage(), ex);
            }
            if (small.hasRemaining())
            {
                throw new UncheckedIOException(new IOException(src + " shrank while it was read"));
            }
            fromBuffer(session, name, flags, small.flip());
            return;
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

    /**
     * PUT_INLINE: create, write and seal in one round trip on a pooled blocking connection.
     *
     * @return false if the metadata server has no room for the object inline (nothing was created)
     */
    private static boolean putInline(final JobSession session, final String name, final int flags, final ByteBuffer src)
    {
        final int position = src.position();
        final BlockingConnection metadata = session.borrowMetadata();
        try
        {
            new PutInline(session.jobId(), name, flags).encode(metadata.begin(Opcodes.PUT_INLINE));
            return metadata.call(src, STORED);
        }
        finally
        {
            src.position(position);
            session.giveBack(metadata);
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
