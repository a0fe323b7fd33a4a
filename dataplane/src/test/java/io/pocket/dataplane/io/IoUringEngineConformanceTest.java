package io.pocket.dataplane.io;

import io.pocket.nativeio.Errno;
import io.pocket.nativeio.NativeIo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance suite against the io_uring engine, plus what only it has: fixed buffers, SQ polling, and errors
 * reported by the kernel. Skipped, with the cause, where the native library or io_uring is unavailable.
 */
class IoUringEngineConformanceTest extends IoEngineConformanceTest
{
    @BeforeAll
    static void requireIoUring()
    {
        assumeTrue(NativeIo.isAvailable(), () -> "io_uring unavailable: " + NativeIo.unavailabilityCause());
    }

    @Override
    IoEngineKind kind()
    {
        return IoEngineKind.IO_URING;
    }

    @Test
    void registersTheBufferRegionAsFixedBuffers()
    {
        assertTrue(((IoUringEngine)engine).hasFixedBuffers());
    }

    @Test
    void aKernelErrorComesBackAsANegativeErrno()
    {
        // an aligned address that is not mapped: the kernel answers EFAULT in the completion, the engine goes on
        assertEquals(IoStatus.OK, engine.prepareRead(0, 4096, 4096, 77));
        engine.submit();
        awaitCompletions(1);
        assertEquals(-Errno.EFAULT, completions.get(77L));
        assertTrue(IoStatus.describe(completions.get(77L)).contains("errno 14"));
        completions.clear();
        singleWriteThenReadReturnsTheSameBytes();
    }

    @Test
    void sqPollingEngineReadsBackWhatItWrote()
    {
        final Path sqPath = IoTestFiles.newPath("sqpoll");
        try (DeviceFile sqFile = DeviceFile.open(sqPath, FILE_SIZE, false);
            IoEngine sqEngine = IoEngines.open(IoEngineKind.IO_URING, sqFile, QUEUE_DEPTH, true, region.address,
                REGION_SIZE))
        {
            new RandomOperations(sqEngine, region, QUEUE_DEPTH, new SplittableRandom(11)).run(500);
        }
        finally
        {
            IoTestFiles.deleteQuietly(sqPath);
        }
    }
}
