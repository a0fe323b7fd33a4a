package io.pocket.dataplane.tier;

import io.pocket.client.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The sidecar file in which a kept {@link DeviceTier} saves its generation table on a clean close: {@code PATH.gen}
 * next to the device file {@code PATH}.
 * <p>
 * Format (big-endian): magic {@code "PKTGEN01"}, block size (i32), block count (i32), number of entries (i32), then
 * each non-zero entry as block index (i32) and raw generation (i64, negative = freed), then the CRC32 of everything
 * before it (i64). It is written to a temporary file, forced to disk and renamed, so a crash leaves either the old
 * file or the new one.
 */
public final class GenerationTableFile
{
    /** File name suffix added to the device path. */
    public static final String SUFFIX = ".gen";

    private static final Logger LOG = LoggerFactory.getLogger(GenerationTableFile.class);
    private static final long MAGIC = 0x504B5447454E3031L; // "PKTGEN01"

    private GenerationTableFile()
    {
    }

    /**
     * Where the table of a device file lives.
     *
     * @param devicePath the device file.
     * @return {@code devicePath + ".gen"}.
     */
    public static Path pathFor(final Path devicePath)
    {
        return devicePath.resolveSibling(devicePath.getFileName() + SUFFIX);
    }

    /**
     * Save a table; only the non-zero entries are written.
     *
     * @param path        the sidecar file.
     * @param blockSize   block size of the tier.
     * @param generations the table.
     * @throws UncheckedIOException if the file cannot be written.
     */
    public static void save(final Path path, final int blockSize, final BlockGenerations generations)
    {
        final Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        final int count = generations.blockCount();
        int entries = 0;
        for (int i = 0; i < count; i++)
        {
            entries += 0 != generations.get(i) ? 1 : 0;
        }
        try
        {
            try (OutputStream file = Files.newOutputStream(tmp);
                CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16),
                    new CRC32());
                DataOutputStream out = new DataOutputStream(checked))
            {
                out.writeLong(MAGIC);
                out.writeInt(blockSize);
                out.writeInt(count);
                out.writeInt(entries);
                for (int i = 0; i < count; i++)
                {
                    final long entry = generations.get(i);
                    if (0 != entry)
                    {
                        out.writeInt(i);
                        out.writeLong(entry);
                    }
                }
                out.writeLong(checked.getChecksum().getValue());
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE))
            {
                channel.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot save generation table " + path + ": " + ex, ex);
        }
    }

    /**
     * Load a saved table into {@code generations} (which must be all zero), then delete the file. A missing file
     * leaves the table empty.
     *
     * @param path        the sidecar file.
     * @param blockSize   block size of the tier now.
     * @param generations table to fill.
     * @return entries loaded.
     * @throws InvalidArgumentException if the file is not a table or was saved for another geometry.
     */
    public static int loadAndDelete(final Path path, final int blockSize, final BlockGenerations generations)
    {
        final int loaded;
        try (InputStream file = Files.newInputStream(path);
            CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(file, 1 << 16), new CRC32());
            DataInputStream in = new DataInputStream(checked))
        {
            loaded = read(path, in, checked, blockSize, generations);
        }
        catch (final NoSuchFileException ex)
        {
            LOG.info("kept tier: no generation table {} (first start, or the last stop was not clean): all blocks free",
                path);
            return 0;
        }
        catch (final EOFException ex)
        {
            throw new InvalidArgumentException(path + ": truncated generation table; delete it to start empty");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read generation table " + path + ": " + ex, ex);
        }
        delete(path);
        LOG.info("kept tier: loaded {} block generations from {}", loaded, path);
        return loaded;
    }

    /**
     * Delete a table if it exists.
     *
     * @param path the sidecar file.
     */
    public static void delete(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete generation table " + path + ": " + ex, ex);
        }
    }

    private static int read(
        final Path path,
        final DataInputStream in,
        final CheckedInputStream checked,
        final int blockSize,
        final BlockGenerations generations) throws IOException
    {
        if (in.readLong() != MAGIC)
        {
            throw new InvalidArgumentException(path + ": not a Pocket generation table; delete it to start empty");
        }
        final int savedBlockSize = in.readInt();
        final int savedCount = in.readInt();
        if (savedBlockSize != blockSize || savedCount != generations.blockCount())
        {
            throw new InvalidArgumentException(path + ": saved for " + savedCount + " blocks of " + savedBlockSize +
                " bytes, but the tier now has " + generations.blockCount() + " blocks of " + blockSize +
                "; start with the same size and block size, or delete it to start empty");
        }
        final int entries = in.readInt();
        if (entries < 0 || entries > savedCount)
        {
            throw new InvalidArgumentException(path + ": corrupt generation table (" + entries + " entries)");
        }
        for (int i = 0; i < entries; i++)
        {
            final int index = in.readInt();
            final long entry = in.readLong();
            if (index < 0 || index >= savedCount)
            {
                throw new InvalidArgumentException(path + ": corrupt generation table (block " + index + ")");
            }
            generations.restore(index, entry);
        }
        final long expected = checked.getChecksum().getValue();
        if (in.readLong() != expected)
        {
            generations.reset();
            throw new InvalidArgumentException(path + ": generation table checksum mismatch; delete it to start empty");
        }
        return entries;
    }
}
