package io.pocket.nativeio;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The raw ring: setup, registration, SQEs written and CQEs reaped in Java over the mapped rings. */
class IoUringTest
{
    private static final int BLOCK = 4096;

    @BeforeAll
    static void requireIoUring()
    {
        assumeTrue(NativeIo.isAvailable(), () -> "io_uring unavailable: " + NativeIo.unavailabilityCause());
    }

    @Test
    void writesAndReadsThroughFixedBuffersAndAFixedFile() throws IOException
    {
        final Path dir = Files.createDirectories(Path.of("target", "ring-test"));
        final Path path = dir.resolve("ring.dat");
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw"))
        {
            raf.setLength(1 << 20);
        }
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(4 * BLOCK, BLOCK);
        final long address = BufferUtil.address(memory);
        final UnsafeBuffer view = new UnsafeBuffer(memory);
        for (int i = 0; i < BLOCK; i += 4)
        {
            view.putInt(i, i * 31 + 7);
        }
        final int fd = NativeIo.openFile(path.toString(), true);
        assertTrue(fd >= 0, Errno.name(fd));
        try (IoUring ring = IoUring.create(8, false, 0))
        {
            assertEquals(8, ring.sqEntries());
            assertEquals(8, ring.sqSpace());
            assertEquals(0, ring.registerFile(fd));
            assertEquals(1, ring.registerBuffers(address, 4 * BLOCK));

            assertTrue(ring.prepare(IoUring.OP_WRITE_FIXED, 0, IoUring.SQE_FIXED_FILE, 2 * BLOCK, address, BLOCK, 0,
                11));
            assertEquals(1, ring.unsubmitted());
            assertEquals(1, ring.submit());
            final List<long[]> seen = new ArrayList<>();
            reapOne(ring, seen);
            assertEquals(11, seen.get(0)[0]);
            assertEquals(BLOCK, seen.get(0)[1]);

            assertTrue(ring.prepare(IoUring.OP_READ, 0, IoUring.SQE_FIXED_FILE, 2 * BLOCK, address + BLOCK, BLOCK, 0,
                12));
            assertEquals(1, ring.submit());
            reapOne(ring, seen);
            assertEquals(12, seen.get(1)[0]);
            assertEquals(BLOCK, seen.get(1)[1]);
            for (int i = 0; i < BLOCK; i += 4)
            {
                assertEquals(view.getInt(i), view.getInt(BLOCK + i));
            }
            assertEquals(-Errno.ETIME, ring.await(TimeUnit.MILLISECONDS.toNanos(5)));
        }
        finally
        {
            NativeIo.closeFile(fd);
            Files.deleteIfExists(path);
        }
    }

    @Test
    void aFullSubmissionQueueRefusesMoreEntries()
    {
        try (IoUring ring = IoUring.create(4, false, 0))
        {
            for (int i = 0; i < 4; i++)
            {
                assertTrue(ring.prepare(IoUring.OP_READ, -1, 0, 0, 0, 0, 0, i));
            }
            assertEquals(0, ring.sqSpace());
            assertTrue(!ring.prepare(IoUring.OP_READ, -1, 0, 0, 0, 0, 0, 9));
            ring.discardUnsubmitted();
            assertEquals(4, ring.sqSpace());
        }
    }

    @Test
    void errnoWordsAreActionable()
    {
        final String eperm = Errno.describeProbe(-Errno.EPERM);
        assertTrue(eperm.contains("seccomp") && eperm.contains("kernel.io_uring_disabled"), eperm);
        assertTrue(Errno.describeProbe(-Errno.ENOSYS).contains("ENOSYS"));
        assertEquals(null, Errno.describeProbe(0));
        assertEquals("linux-x86_64".equals(NativeIo.platform()) || NativeIo.platform().startsWith("linux-"), true);
    }

    private static void reapOne(final IoUring ring, final List<long[]> seen)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        final int before = seen.size();
        while (seen.size() == before)
        {
            ring.reap((userData, result) -> seen.add(new long[]{userData, result}), 8);
            if (seen.size() == before)
            {
                ring.await(TimeUnit.MILLISECONDS.toNanos(100));
                assertTrue(System.nanoTime() < deadline, "no completion within 10 s");
            }
        }
    }
}
