package io.pocket.dataplane.io;

import io.pocket.client.InvalidArgumentException;
import io.pocket.nativeio.NativeIo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoEnginesTest
{
    @Test
    void parsesEngineNames()
    {
        assertEquals(IoEngineKind.IO_URING, IoEngineKind.parse("io_uring"));
        assertEquals(IoEngineKind.IO_URING, IoEngineKind.parse("IO-URING"));
        assertEquals(IoEngineKind.POSIX, IoEngineKind.parse(" posix "));
        assertEquals(IoEngineKind.AUTO, IoEngineKind.parse("auto"));
        final InvalidArgumentException ex =
            assertThrows(InvalidArgumentException.class, () -> IoEngineKind.parse("libaio"));
        assertTrue(ex.getMessage().contains("io_uring, posix or auto") && ex.getMessage().contains("libaio"));
    }

    @Test
    void autoPicksIoUringExactlyWhenItIsAvailable()
    {
        assertEquals(IoEngineKind.POSIX, IoEngines.resolve(IoEngineKind.POSIX));
        final IoEngineKind auto = IoEngines.resolve(IoEngineKind.AUTO);
        assertEquals(NativeIo.isAvailable() ? IoEngineKind.IO_URING : IoEngineKind.POSIX, auto);
        if (NativeIo.isAvailable())
        {
            assertEquals(IoEngineKind.IO_URING, IoEngines.resolve(IoEngineKind.IO_URING));
        }
        else
        {
            final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
                () -> IoEngines.resolve(IoEngineKind.IO_URING));
            assertTrue(ex.getMessage().contains(NativeIo.unavailabilityCause()));
        }
    }

    @Test
    void refusesABadQueueDepth()
    {
        final Path path = IoTestFiles.newPath("depth");
        try (DeviceFile file = DeviceFile.open(path, 1 << 20, false))
        {
            final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
                () -> IoEngines.open(IoEngineKind.POSIX, file, 0, false, 0, 0));
            assertTrue(ex.getMessage().contains("queue depth"), ex.getMessage());
            try (IoEngine engine = IoEngines.open(IoEngineKind.AUTO, file, 4, false, 0, 0))
            {
                assertEquals(IoEngines.resolve(IoEngineKind.AUTO).label(), engine.name());
            }
        }
        finally
        {
            IoTestFiles.deleteQuietly(path);
        }
    }
}
