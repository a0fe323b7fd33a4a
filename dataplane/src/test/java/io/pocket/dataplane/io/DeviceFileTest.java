package io.pocket.dataplane.io;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DeviceFileTest
{
    private static final long SIZE = 4L << 20;

    private final Path path = IoTestFiles.newPath("device");

    @AfterEach
    void deleteFile()
    {
        IoTestFiles.deleteQuietly(path);
    }

    @Test
    void createsAndSizesAMissingFile()
    {
        assertFalse(Files.exists(path));
        try (DeviceFile file = DeviceFile.open(path, SIZE, false))
        {
            assertEquals(path, file.path());
            assertEquals(SIZE, file.size());
            assertEquals(SIZE, path.toFile().length());
            assertFalse(file.isBlockDevice());
            assertTrue(file.alignment() >= 512 && Integer.bitCount(file.alignment()) == 1, "" + file.alignment());
            assertTrue(file.channel().isOpen());
        }
    }

    @Test
    void resetForgetsAndKeepKeepsTheContents() throws IOException
    {
        final byte[] marker = "kept across restarts".getBytes();
        DeviceFile.open(path, SIZE, false).close();
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw"))
        {
            raf.seek(8192);
            raf.write(marker);
        }
        DeviceFile.open(path, SIZE, true).close();
        assertArrayEquals(marker, readAt(8192, marker.length));

        DeviceFile.open(path, SIZE, false).close();
        assertArrayEquals(new byte[marker.length], readAt(8192, marker.length));
        assertEquals(SIZE, path.toFile().length());
    }

    @Test
    void keepGrowsASmallerFile()
    {
        DeviceFile.open(path, SIZE, false).close();
        try (DeviceFile file = DeviceFile.open(path, 2 * SIZE, true))
        {
            assertEquals(2 * SIZE, file.size());
            assertEquals(2 * SIZE, path.toFile().length());
        }
    }

    @Test
    void refusesTmpfsNamingThePath()
    {
        final Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no writable /dev/shm");
        final Path onTmpfs = shm.resolve("pocket-device-test.dat");
        try
        {
            final InvalidArgumentException ex =
                assertThrows(InvalidArgumentException.class, () -> DeviceFile.open(onTmpfs, SIZE, false));
            assertTrue(ex.getMessage().contains(onTmpfs.toString()), ex.getMessage());
            assertTrue(ex.getMessage().contains("tmpfs") && ex.getMessage().contains("O_DIRECT"), ex.getMessage());
            assertFalse(Files.exists(onTmpfs));
        }
        finally
        {
            IoTestFiles.deleteQuietly(onTmpfs);
        }
    }

    @Test
    void refusesBadSizesAndLocations()
    {
        assertTrue(assertThrows(InvalidArgumentException.class, () -> DeviceFile.open(path, 0, false))
            .getMessage().contains("size must be positive"));
        assertTrue(assertThrows(InvalidArgumentException.class, () -> DeviceFile.open(path, SIZE + 100, false))
            .getMessage().contains("multiple of the device alignment"));
        final Path missingDir = IoTestFiles.DIRECTORY.resolve("no-such-dir").resolve("x.dat");
        assertTrue(assertThrows(InvalidArgumentException.class, () -> DeviceFile.open(missingDir, SIZE, false))
            .getMessage().contains("directory does not exist"));
        assertTrue(assertThrows(InvalidArgumentException.class,
            () -> DeviceFile.open(IoTestFiles.DIRECTORY, SIZE, false)).getMessage().contains("is a directory"));
    }

    private byte[] readAt(final long offset, final int length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r"))
        {
            final byte[] bytes = new byte[length];
            raf.seek(offset);
            raf.readFully(bytes);
            return bytes;
        }
    }
}
