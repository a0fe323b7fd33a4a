package io.pocket.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.StandardOpenOption;

/**
 * The three whole-object reads of {@link Job#get}: into a new buffer, into the caller's buffer and
 * into a file. Each runs one {@link ObjectReader} with its window of block reads, holding one
 * blocking metadata connection from LOOKUP to RELEASE (see {@link MetadataLink}).
 */
final class ObjectGets
{
    private ObjectGets()
    {
    }

    static ByteBuffer toNewBuffer(final JobSession session, final String name, final boolean delete)
    {
        try (MetadataLink metadata = session.pinMetadata();
            ObjectReader reader = new ObjectReader(session, metadata, name, delete))
        {
            final long size = reader.size();
            if (size > Integer.MAX_VALUE)
            {
                throw new InvalidArgumentException("object " + name + " of job " + session.jobId() + " has " + size +
                    " bytes, more than a ByteBuffer holds" + (delete ? " (DELETE consumed it)" : "") +
                    "; read it with openInput or get(name, Path)");
            }
            if (reader.inlineBytes() != null)
            {
                return ByteBuffer.wrap(reader.inlineBytes());
            }
            // A heap buffer at every size: a direct buffer per get is freed only by a garbage collection, and
            // once many are live the JDK stalls new ones in System.gc() (docs/performance.md, the sort).
            final ByteBuffer dst = ByteBuffer.allocate((int)size);
            reader.readAll(BlockSink.into(dst, 0, reader.blockSize()));
            return dst;
        }
    }

    /**
     * Reads into {@code dst} from its position. With DELETE, the size is checked with a plain
     * LOOKUP first, so a buffer that is too small leaves the object in place.
     */
    static long intoBuffer(final JobSession session, final String name, final ByteBuffer dst, final boolean delete)
    {
        if (dst.isReadOnly())
        {
            throw new InvalidArgumentException("destination buffer for " + name + " is read-only");
        }
        if (delete)
        {
            final long size = ObjectMetadata.lookup(session, name).size();
            checkRoom(session, name, size, dst, false);
        }
        try (MetadataLink metadata = session.pinMetadata();
            ObjectReader reader = new ObjectReader(session, metadata, name, delete))
        {
            final long size = reader.size();
            checkRoom(session, name, size, dst, delete);
            final int base = dst.position();
            reader.readAll(BlockSink.into(dst, base, reader.blockSize()));
            dst.position(base + (int)size);
            return size;
        }
    }

    /**
     * Reads into a file. A regular file (or a new one) is written through a temporary file beside
     * it, from a window of pooled direct buffers with each block at its offset, and moved over the
     * destination only once the whole object has arrived: a failed read never leaves a truncated
     * or partial file behind. The temporary file is created before the object is looked up, so a
     * bad path never consumes a DELETE read. Anything else (a pipe, {@code /dev/stdout}) is
     * written in order through a stream.
     */
    static long intoFile(final JobSession session, final String name, final Path dst, final boolean delete)
    {
        if (Files.exists(dst) && !Files.isRegularFile(dst))
        {
            return intoStream(session, name, dst, delete);
        }
        final Path tmp;
        final FileChannel file;
        try
        {
            final Path dir = dst.toAbsolutePath().getParent();
            tmp = Files.createTempFile(dir, "." + dst.getFileName() + ".", ".pocket-partial");
            file = FileChannel.open(tmp, StandardOpenOption.WRITE);
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            throw new InvalidArgumentException("cannot write " + dst + ": " + describe(ex), ex);
        }
        boolean done = false;
        try
        {
            final long size;
            try (file; MetadataLink metadata = session.pinMetadata();
                ObjectReader reader = new ObjectReader(session, metadata, name, delete))
            {
                readIntoFile(session, reader, file, dst);
                size = reader.size();
            }
            Files.move(tmp, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return size;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing " + dst + " failed: " + describe(ex), ex);
        }
        finally
        {
            if (!done)
            {
                deleteQuietly(tmp);
            }
        }
    }

    private static long intoStream(final JobSession session, final String name, final Path dst, final boolean delete)
    {
        final OutputStream out;
        try
        {
            out = Files.newOutputStream(dst, StandardOpenOption.WRITE);
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            throw new InvalidArgumentException("cannot write " + dst + ": " + describe(ex), ex);
        }
        try (out; InputStream in = new PocketInputStream(session, name, delete))
        {
            return in.transferTo(out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("writing " + dst + " failed: " + describe(ex), ex);
        }
    }

    /** An I/O error in words: its message, or for the file-system exceptions what went wrong with which file. */
    private static String describe(final Exception ex)
    {
        if (ex instanceof java.nio.file.NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (ex instanceof java.nio.file.AccessDeniedException)
        {
            return "permission denied";
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    private static void readIntoFile(
        final JobSession session, final ObjectReader reader, final FileChannel file, final Path dst)
    {
        final int window = Math.min(session.context().readWindow(), Math.max(reader.blockCount(), 1));
        final ByteBuffer[] slots = new ByteBuffer[window];
        final BlockSink[] sinks = new BlockSink[window];
        try
        {
            for (int i = 0; i < window && i < reader.blockCount(); i++)
            {
                slots[i] = session.buffers().acquire(reader.blockSize());
                sinks[i] = BlockSink.atStartOf(slots[i]);
            }
            reader.readAll(block -> sinks[block % window], block ->
            {
                final ByteBuffer slot = slots[block % window];
                slot.clear().limit(reader.blockLength(block));
                long at = reader.blockOffset(block);
                try
                {
                    while (slot.hasRemaining())
                    {
                        at += file.write(slot, at);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("writing " + dst + " failed: " + ex.getMessage(), ex);
                }
            });
        }
        finally
        {
            reader.close();
            for (final ByteBuffer slot : slots)
            {
                if (slot != null)
                {
                    session.buffers().release(slot);
                }
            }
        }
    }

    private static void checkRoom(
        final JobSession session, final String name, final long size, final ByteBuffer dst, final boolean consumed)
    {
        if (size > dst.remaining())
        {
            throw new InvalidArgumentException("object " + name + " of job " + session.jobId() + " has " + size +
                " bytes but the buffer has room for " + dst.remaining() +
                (consumed ? " (it was replaced by a larger object during the get, and DELETE consumed it)" : ""));
        }
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // best effort: an empty file is left behind
        }
    }
}
