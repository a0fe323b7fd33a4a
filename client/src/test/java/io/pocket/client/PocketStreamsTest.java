package io.pocket.client;

import io.pocket.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** openOutput and openInput against {@link FakeCluster} with 64 KiB blocks. */
class PocketStreamsTest
{
    static final int BLOCK = 64 << 10;

    private FakeCluster cluster;
    private PocketClient client;
    private Job job;

    @BeforeEach
    void start()
    {
        cluster = new FakeCluster(BLOCK, 2, 100_000);
        client = PocketClient.connect(cluster.address());
        job = client.registerJob("streams", Hints.none());
    }

    @AfterEach
    void stop()
    {
        client.close();
        cluster.close();
    }

    @Test
    void streamsLargeObjectsInOddChunks() throws IOException
    {
        final long size = (48L << 20) + 12345;
        final Random random = new Random(3);
        final byte[] chunk = new byte[100_003];
        final CRC32 written = new CRC32();
        try (OutputStream out = job.openOutput("big"))
        {
            long left = size;
            while (left > 0)
            {
                random.nextBytes(chunk);
                final int n = (int)Math.min(left, 1 + random.nextInt(chunk.length));
                out.write(chunk, 0, n);
                written.update(chunk, 0, n);
                left -= n;
            }
            out.write(7);
            written.update(7);
        }
        assertEquals(size + 1, job.lookup("big").size());
        assertEquals(0, cluster.unsealedCount());

        final CRC32 read = new CRC32();
        long total = 0;
        try (InputStream in = job.openInput("big", GetOption.DELETE))
        {
            final byte[] buffer = new byte[77_777];
            int n;
            while ((n = in.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0)
            {
                read.update(buffer, 0, n);
                total += n;
            }
            assertEquals(-1, in.read());
        }
        assertEquals(size + 1, total);
        assertEquals(written.getValue(), read.getValue());
        assertFalse(job.exists("big"));
        assertEquals(0, cluster.live.size());
    }

    @Test
    void smallAndEmptyStreams() throws IOException
    {
        try (OutputStream out = job.openOutput("empty"))
        {
            out.flush();
        }
        try (OutputStream out = job.openOutput("three"))
        {
            out.write(new byte[]{1, 2, 3});
        }
        assertEquals(0, job.lookup("empty").size());
        try (InputStream in = job.openInput("empty"))
        {
            assertEquals(-1, in.read());
        }
        try (InputStream in = job.openInput("three"))
        {
            assertArrayEquals(new byte[]{1, 2, 3}, in.readAllBytes());
        }
        assertEquals(1, cluster.live.size(), "surplus blocks are freed at seal");
        assertThrows(ObjectExistsException.class, () -> job.openOutput("three"));
        assertThrows(ObjectNotFoundException.class, () -> job.openInput("none"));
    }

    @Test
    void closingAnInputStreamEarlyReleasesADeleteRead() throws IOException
    {
        job.put("partial", new byte[20 * BLOCK]);
        try (InputStream in = job.openInput("partial", GetOption.DELETE))
        {
            assertEquals(0, in.read());
            assertEquals(BLOCK - 1, in.available());
        }
        assertEquals(1, cluster.releases.get());
        assertEquals(0, cluster.pendingReadCount());
        assertFalse(job.exists("partial"));
    }

    @Test
    void aFailedBlockAbortsTheOutputStream() throws IOException
    {
        cluster.failWrites = ErrorCode.OUT_OF_CAPACITY;
        final OutputStream out = job.openOutput("broken");
        final byte[] block = new byte[BLOCK];
        final OutOfCapacityException ex = assertThrows(OutOfCapacityException.class, () ->
        {
            for (int i = 0; i < 20; i++)
            {
                out.write(block);
            }
        });
        assertSame(ex, assertThrows(OutOfCapacityException.class, () -> out.write(1)));
        out.close();
        assertEquals(1, cluster.aborts.get());
        assertEquals(0, cluster.unsealedCount());
        assertFalse(job.exists("broken"));
        assertThrows(IOException.class, () -> out.write(1));
    }

    @Test
    void readsAfterCloseFail() throws IOException
    {
        job.put("x", new byte[10]);
        final InputStream in = job.openInput("x");
        in.close();
        assertThrows(IOException.class, in::read);
        final OutputStream out = job.openOutput("y");
        out.close();
        assertThrows(IOException.class, () -> out.write(1));
        assertTrue(job.exists("y"));
    }
}
