package io.pocket.dataplane.io;

import io.pocket.client.InvalidArgumentException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Questions {@link DeviceFile} asks about a path before opening it: its kind, its filesystem, its sizes. */
final class DeviceProbe
{
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final Set<String> MEMORY_FILESYSTEMS = Set.of("tmpfs", "ramfs");

    private DeviceProbe()
    {
    }

    static boolean isBlockDevice(final Path file)
    {
        try
        {
            final Object mode = Files.getAttribute(file, "unix:mode");
            return mode instanceof Integer && ((Integer)mode & S_IFMT) == S_IFBLK;
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return false;
        }
    }

    /**
     * Checks that the file's directory exists and that its filesystem is a disk, not memory: tmpfs accepts
     * {@code O_DIRECT} on recent kernels but keeps every byte in RAM, so a "device" tier there would be DRAM in
     * disguise.
     */
    static void checkLocation(final Path file)
    {
        if (Files.isDirectory(file))
        {
            throw new InvalidArgumentException(file + ": is a directory, expected a file or a block device");
        }
        final Path existing = Files.exists(file) ? file : file.getParent();
        if (existing == null || !Files.exists(existing))
        {
            throw new InvalidArgumentException(file + ": its directory does not exist");
        }
        final String type = storeType(existing);
        if (type != null && MEMORY_FILESYSTEMS.contains(type.toLowerCase(Locale.ROOT)))
        {
            throw new InvalidArgumentException(file + ": is on " + type + ", a memory filesystem without real " +
                "direct I/O (O_DIRECT): put the device file on a disk filesystem such as ext4 or xfs");
        }
    }

    /** Block device size from sysfs ({@code /sys/class/block/NAME/size}, 512-byte sectors); 0 if unknown. */
    static long blockDeviceSize(final Path device)
    {
        try
        {
            final Path real = device.toRealPath();
            final Path sysfs = Path.of("/sys/class/block", real.getFileName().toString(), "size");
            final String sectors = Files.readString(sysfs, StandardCharsets.US_ASCII).trim();
            return Long.parseLong(sectors) * 512L;
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }

    /** The filesystem's block size (what the JDK aligns direct I/O to), or {@code fallback} if unknown. */
    static int storeBlockSize(final Path file, final int fallback)
    {
        try
        {
            final long blockSize = Files.getFileStore(file).getBlockSize();
            return blockSize > 0 && blockSize <= (1 << 20) ? (int)blockSize : fallback;
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return fallback;
        }
    }

    private static String storeType(final Path existing)
    {
        try
        {
            final FileStore store = Files.getFileStore(existing);
            return store.type();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
