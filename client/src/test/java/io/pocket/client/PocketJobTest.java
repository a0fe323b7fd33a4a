package io.pocket.client;

import io.pocket.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Put and get pipelines against {@link FakeCluster}: 4 KiB blocks on three storage servers. */
class PocketJobTest
{
    static final int BLOCK = 4096;

    private FakeCluster cluster;
    private PocketClient client;
    private Job job;

    @BeforeEach
    void start()
    {
        cluster = new FakeCluster(BLOCK, 3, 100_000);
        client = PocketClient.connect(cluster.address(), new ClientContext().writeWindow(4).allocateAhead(4).readWindow(3));
        job = client.registerJob("test", Hints.none());
    }

    @AfterEach
    void stop()
    {
        client.close();
        cluster.close();
    }

    @Test
    void putAndGetObjectsOfEverySize()
    {
        for (final int size : new int[]{0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 4 * BLOCK, 37 * BLOCK + 11})
        {
            final byte[] bytes = random(size, size);
            job.put("heap-" + size, bytes);
            final ByteBuffer direct = ByteBuffer.allocateDirect(size + 10).position(5);
            direct.put(bytes).position(5).limit(5 + size);
            job.put("direct-" + size, direct);
            assertEquals(5, direct.position(), "put must not move the source");

            assertArrayEquals(bytes, toArray(job.get("heap-" + size)));
            assertArrayEquals(bytes, toArray(job.get("direct-" + size)));
            assertEquals(size, job.lookup("direct-" + size).size());

            final ByteBuffer dst = ByteBuffer.allocate(size + 3).position(3);
            assertEquals(size, job.get("heap-" + size, dst));
            assertEquals(size + 3, dst.position());
            assertArrayEquals(bytes, toArray(dst.flip().position(3)));
        }
        assertTrue(cluster.allocations.get() > 0, "large puts allocate ahead");
        assertEquals(0, cluster.unsealedCount());
    }

    @Test
    void largeResultsComeInDirectBuffers()
    {
        job.put("big", new byte[ObjectGets.HEAP_BUFFER_LIMIT + 1]);
        job.put("small", new byte[100]);
        assertTrue(job.get("big").isDirect());
        assertFalse(job.get("small").isDirect());
    }

    @Test
    void deleteReadFreesTheObject()
    {
        final long liveBefore = cluster.live.size();
        job.put("once", random(10 * BLOCK, 1));
        assertArrayEquals(random(10 * BLOCK, 1), toArray(job.get("once", GetOption.DELETE)));
        assertFalse(job.exists("once"));
        assertThrows(ObjectNotFoundException.class, () -> job.get("once", GetOption.DELETE));
        assertEquals(liveBefore, cluster.live.size());
        assertEquals(0, cluster.pendingReadCount());
    }

    @Test
    void tooSmallBufferLeavesTheObjectEvenWithDelete()
    {
        job.put("kept", new byte[3 * BLOCK]);
        final ByteBuffer small = ByteBuffer.allocate(3 * BLOCK - 1);
        assertThrows(InvalidArgumentException.class, () -> job.get("kept", small, GetOption.DELETE));
        assertThrows(InvalidArgumentException.class, () -> job.get("kept", small));
        assertEquals(0, small.position());
        assertTrue(job.exists("kept"));
        assertThrows(InvalidArgumentException.class, () -> job.get("kept", ByteBuffer.allocate(BLOCK * 4).asReadOnlyBuffer()));
        assertEquals(3 * BLOCK, job.get("kept", ByteBuffer.allocateDirect(3 * BLOCK), GetOption.DELETE));
        assertFalse(job.exists("kept"));
    }

    @Test
    void objectsAreWriteOnce()
    {
        job.put("o", new byte[5]);
        assertThrows(ObjectExistsException.class, () -> job.put("o", new byte[5]));
        assertEquals(5, job.get("o").remaining());
    }

    @Test
    void bucketsAndListings()
    {
        job.createBucket("b");
        assertThrows(BucketExistsException.class, () -> job.createBucket("b"));
        job.put("b/x", new byte[7]);
        job.put("b/y", new byte[8], PutOption.PERSIST);
        job.put("top", new byte[9]);
        assertThrows(ObjectNotFoundException.class, () -> job.put("nob/x", new byte[1]));
        assertEquals(List.of(new ObjectInfo("b/x", 7, false), new ObjectInfo("b/y", 8, true)), job.enumerate("b"));
        assertEquals(List.of(new ObjectInfo("top", 9, false)), job.enumerate(""));
        assertEquals(new ObjectInfo("b/y", 8, true), job.lookup("b/y"));
        assertThrows(BucketNotEmptyException.class, () -> job.deleteBucket("b"));
        job.delete("b/x");
        job.delete("b/y");
        assertThrows(ObjectNotFoundException.class, () -> job.delete("b/y"));
        assertThrows(ObjectNotFoundException.class, () -> job.lookup("b/y"));
        job.deleteBucket("b");
    }

    @Test
    void filesRoundTrip(@TempDir final Path dir) throws Exception
    {
        final byte[] bytes = random(300 * BLOCK + 123, 7);
        final Path src = dir.resolve("src.bin");
        Files.write(src, bytes);
        job.put("file", src);
        final Path dst = dir.resolve("dst.bin");
        Files.write(dst, new byte[500 * BLOCK]);
        assertEquals(bytes.length, job.get("file", dst));
        assertArrayEquals(bytes, Files.readAllBytes(dst));

        final Path missing = dir.resolve("missing.bin");
        assertThrows(ObjectNotFoundException.class, () -> job.get("nothing", missing));
        assertFalse(Files.exists(missing));
        assertThrows(InvalidArgumentException.class, () -> job.put("nofile", dir.resolve("nope")));
        assertThrows(InvalidArgumentException.class, () -> job.get("file", dir.resolve("no/such/dir"), GetOption.DELETE));
        assertTrue(job.exists("file"));

        final Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        job.put("empty", empty);
        assertEquals(0, job.get("empty", dst, GetOption.DELETE));
        assertEquals(0, Files.size(dst));
    }

    @Test
    void outOfCapacityAbortsThePut()
    {
        cluster.freeBlocks = 10;
        assertThrows(OutOfCapacityException.class, () -> job.put("huge", new byte[20 * BLOCK]));
        assertFalse(job.exists("huge"));
        assertEquals(0, cluster.unsealedCount());
        assertEquals(10, cluster.freeBlocks);
        job.put("fits", new byte[10 * BLOCK]);
    }

    @Test
    void storageErrorAbortsThePut()
    {
        cluster.failWrites = ErrorCode.SERVICE_UNAVAILABLE;
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> job.put("failed", ByteBuffer.allocateDirect(9 * BLOCK)));
        assertTrue(ex.getMessage().contains("refused by test"), ex.getMessage());
        assertEquals(1, cluster.aborts.get());
        assertEquals(0, cluster.unsealedCount());
        cluster.failWrites = null;
        job.put("failed", new byte[9 * BLOCK]);
    }

    @Test
    void staleBlockMeansTheObjectWasDeleted()
    {
        job.put("racy", new byte[5 * BLOCK]);
        cluster.failReads = ErrorCode.STALE_BLOCK;
        final ObjectNotFoundException ex = assertThrows(ObjectNotFoundException.class, () -> job.get("racy"));
        assertEquals("object racy was deleted while it was being read", ex.getMessage());
    }

    @Test
    void lostStorageServerMakesDataUnavailableAndDeleteStillReleases()
    {
        job.put("lost", new byte[6 * BLOCK]);
        assertEquals(6 * BLOCK, job.get("lost").remaining());
        cluster.storage.get(1).close();
        final DataUnavailableException ex = assertThrows(DataUnavailableException.class,
            () -> job.get("lost", GetOption.DELETE));
        assertTrue(ex.getMessage().startsWith("object lost of job " + job.id() + " is unavailable: storage server 1 at 127.0.0.1:"),
            ex.getMessage());
        assertTrue(ex.getMessage().endsWith("cannot be reached"), ex.getMessage());
        assertEquals(1, cluster.releases.get());
        assertEquals(0, cluster.pendingReadCount());
    }

    @Test
    void silentStorageServersTimeOutWithinOneTimeout()
    {
        try (PocketClient quick = PocketClient.connect(cluster.address(), new ClientContext().requestTimeoutMs(300)))
        {
            final Job impatient = quick.attach(job.id());
            cluster.ignoreWrites = true;
            long start = System.nanoTime();
            final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
                () -> impatient.put("slow", ByteBuffer.allocateDirect(20 * BLOCK)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ex.getMessage().endsWith("did not answer within 300 ms"), ex.getMessage());
            assertTrue(ms < 1500, "took " + ms + " ms");
            assertEquals(1, cluster.aborts.get());
            assertFalse(impatient.exists("slow"));

            cluster.ignoreWrites = false;
            impatient.put("slow", new byte[20 * BLOCK]);
            cluster.ignoreReads = true;
            start = System.nanoTime();
            final DataUnavailableException unavailable = assertThrows(DataUnavailableException.class,
                () -> impatient.get("slow", GetOption.DELETE));
            ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 1500, "took " + ms + " ms");
            assertTrue(unavailable.getCause().getMessage().endsWith("did not answer within 300 ms"), unavailable.getMessage());
            assertEquals(0, cluster.pendingReadCount());
        }
    }

    static byte[] random(final int size, final long seed)
    {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] toArray(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
