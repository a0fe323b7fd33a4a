package io.pocket.dataplane.io;

import io.pocket.client.InvalidArgumentException;
import io.pocket.nativeio.Errno;
import io.pocket.nativeio.NativeIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.nio.file.ExtendedOpenOption;

/**
 * The file or block device behind a device tier, opened for direct I/O ({@code O_DIRECT}): a {@link FileChannel}
 * for the posix engine and, when the native library is available, a raw file descriptor for io_uring.
 * <p>
 * {@link #open} creates and sizes a missing file (a block device is used as is), refuses memory filesystems
 * (tmpfs, ramfs) and filesystems without direct I/O, and unless asked to keep the contents resets the file: the tier
 * is ephemeral, so what a previous server wrote is forgotten.
 */
public final class DeviceFile implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DeviceFile.class);
    private static final int DEFAULT_ALIGNMENT = 4096;
    private static final int MIN_ALIGNMENT = 512;

    private final Path path;
    private final long size;
    private final int alignment;
    private final boolean blockDevice;
    private final FileChannel channel;
    private final int nativeFd;
    private final boolean keep;
    private boolean closed;

    private DeviceFile(
        final Path path,
        final long size,
        final int alignment,
        final boolean blockDevice,
        final FileChannel channel,
        final int nativeFd,
        final boolean keep)
    {
        this.path = path;
        this.size = size;
        this.alignment = alignment;
        this.blockDevice = blockDevice;
        this.channel = channel;
        this.nativeFd = nativeFd;
        this.keep = keep;
    }

    /**
     * Open (and if needed create and size) a file or block device for direct I/O.
     *
     * @param path file or block device.
     * @param size bytes to use, a positive multiple of the device alignment.
     * @param keep keep the current contents; otherwise a regular file is reset (all its blocks forgotten).
     * @return the open file.
     * @throws InvalidArgumentException if the path cannot hold a device tier, naming the path and the reason.
     */
    public static DeviceFile open(final Path path, final long size, final boolean keep)
    {
        if (path == null)
        {
            throw new InvalidArgumentException("device file: no path given");
        }
        final Path file = path.toAbsolutePath();
        if (size <= 0)
        {
            throw new InvalidArgumentException(file + ": size must be positive, got " + size);
        }
        final boolean blockDevice = DeviceProbe.isBlockDevice(file);
        DeviceProbe.checkLocation(file);
        if (blockDevice)
        {
            final long deviceSize = DeviceProbe.blockDeviceSize(file);
            if (deviceSize > 0 && size > deviceSize)
            {
                throw new InvalidArgumentException(file + ": size " + size + " exceeds the block device's " +
                    deviceSize + " bytes");
            }
        }
        else
        {
            prepareRegularFile(file, size, keep);
        }

        final FileChannel channel = openDirect(file);
        int nativeFd = -1;
        int nativeAlignment = 0;
        if (NativeIo.isAvailable())
        {
            nativeFd = NativeIo.openFile(file.toString(), true);
            if (nativeFd < 0)
            {
                LOG.warn("device file {}: native open with O_DIRECT failed: {}", file, Errno.name(nativeFd));
            }
            else
            {
                nativeAlignment = Math.max(0, NativeIo.logicalBlockSize(nativeFd));
            }
        }
        final int alignment = Math.max(Math.max(MIN_ALIGNMENT, nativeAlignment), DeviceProbe.storeBlockSize(file,
            DEFAULT_ALIGNMENT));
        if (Integer.bitCount(alignment) != 1 || size % alignment != 0)
        {
            closeQuietly(channel, nativeFd);
            throw new InvalidArgumentException(file + ": size " + size + " must be a multiple of the device " +
                "alignment " + alignment);
        }
        LOG.info("device file {}: {} bytes, alignment {}, {}{}", file, size, alignment,
            blockDevice ? "block device" : "file", keep ? ", contents kept" : ", reset");
        return new DeviceFile(file, size, alignment, blockDevice, channel, nativeFd, keep);
    }

    /**
     * @return the absolute path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return usable bytes; every request must lie inside {@code [0, size)}.
     */
    public long size()
    {
        return size;
    }

    /**
     * @return the direct I/O alignment of offsets, lengths and buffer addresses: the logical block size, at least
     * 512, 4096 when unknown.
     */
    public int alignment()
    {
        return alignment;
    }

    /**
     * @return whether the path is a block device rather than a regular file.
     */
    public boolean isBlockDevice()
    {
        return blockDevice;
    }

    /**
     * @return the channel opened with {@code ExtendedOpenOption.DIRECT}, for the posix engine.
     */
    public FileChannel channel()
    {
        return channel;
    }

    /**
     * @return a descriptor opened with {@code O_DIRECT} for io_uring, or -1 when the native library is unavailable.
     */
    public int nativeFd()
    {
        return nativeFd;
    }

    /**
     * Close the channel and descriptor; close every engine on this file first. With {@code keep}, the file's
     * metadata is flushed first so the kept blocks survive a restart. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (keep && channel.isOpen())
        {
            try
            {
                channel.force(true);
            }
            catch (final IOException ex)
            {
                LOG.warn("device file {}: flush failed: {}", path, ex.getMessage());
            }
        }
        closeQuietly(channel, nativeFd);
    }

    @Override
    public String toString()
    {
        return path + " (" + size + " bytes)";
    }

    private static void prepareRegularFile(final Path file, final long size, final boolean keep)
    {
        final boolean exists = Files.exists(file);
        if (exists && !Files.isRegularFile(file))
        {
            throw new InvalidArgumentException(file + ": neither a regular file nor a block device");
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            if (!keep)
            {
                raf.setLength(0);
            }
            if (raf.length() < size)
            {
                raf.setLength(size);
            }
        }
        catch (final IOException ex)
        {
            throw new InvalidArgumentException(file + ": cannot create or size the file: " + ex.getMessage(), ex);
        }
        preallocate(file, size);
    }

    /**
     * Reserve the file's blocks up front ({@code fallocate}), so the tier cannot run out of disk space after it
     * offered its capacity, and so first writes land in allocated (unwritten) extents: filesystems serialize direct
     * writes that must allocate blocks, which would make a fresh file slow to fill. Needs the native library; without
     * it the file stays sparse.
     */
    private static void preallocate(final Path file, final long size)
    {
        if (!NativeIo.isAvailable())
        {
            return;
        }
        final int fd = NativeIo.openFile(file.toString(), false);
        if (fd < 0)
        {
            LOG.warn("device file {}: cannot open to preallocate: {}", file, Errno.name(fd));
            return;
        }
        try
        {
            final int rc = NativeIo.fallocate(fd, 0, 0, size);
            if (rc == -Errno.ENOSPC)
            {
                throw new InvalidArgumentException(file + ": not enough free disk space for " + size + " bytes");
            }
            if (rc < 0)
            {
                LOG.info("device file {}: not preallocated ({}), the file stays sparse", file, Errno.name(rc));
            }
        }
        finally
        {
            NativeIo.closeFile(fd);
        }
    }

    private static FileChannel openDirect(final Path file)
    {
        try
        {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new InvalidArgumentException(file + ": cannot open with O_DIRECT (" + ex.getMessage() + "); its " +
                "filesystem may not support direct I/O: put it on a disk filesystem such as ext4 or xfs", ex);
        }
    }

    private static void closeQuietly(final FileChannel channel, final int nativeFd)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.warn("closing a device channel failed: {}", ex.getMessage());
        }
        if (nativeFd >= 0)
        {
            NativeIo.closeFile(nativeFd);
        }
    }
}
