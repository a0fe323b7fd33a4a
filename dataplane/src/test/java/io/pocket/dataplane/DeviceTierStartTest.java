package io.pocket.dataplane;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A device tier that cannot be opened fails the server's start with an error naming its property and path. */
@Timeout(30)
class DeviceTierStartTest
{
    @Test
    void shouldRefuseADeviceTierOnTmpfsNamingThePropertyAndPath() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()),
            "no tmpfs at /dev/shm");
        final Path file = shm.resolve("pocket-DeviceTierStartTest-" + ProcessHandle.current().pid() + ".nvme");
        try
        {
            final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
                () -> StorageServer.start(new StorageServerContext()
                    .bindHost("127.0.0.1")
                    .dram("1m")
                    .nvme(file + ":1m")
                    .ioEngine("posix")));
            assertTrue(ex.getMessage().startsWith(StorageServerContext.NVME_PROP_NAME + ": " + file), ex.getMessage());
            assertTrue(ex.getMessage().contains("tmpfs"), ex.getMessage());
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldRefuseADirectoryAsDevice() throws IOException
    {
        final Path dir = Files.createDirectories(Path.of("target", "device-tests", "a-directory"));
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
            () -> StorageServer.start(new StorageServerContext()
                .bindHost("127.0.0.1")
                .dram("1m")
                .disk(dir + ":1m")
                .ioEngine("posix")));
        assertTrue(ex.getMessage().startsWith(StorageServerContext.DISK_PROP_NAME + ": "), ex.getMessage());
    }
}
