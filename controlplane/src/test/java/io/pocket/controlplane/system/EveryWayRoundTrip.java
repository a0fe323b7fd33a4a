package io.pocket.controlplane.system;

import io.pocket.client.GetOption;
import io.pocket.client.Job;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.controlplane.cluster.LocalCluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.blocks;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One object size through every way in and out of Pocket: puts from a heap, direct and read-only
 * buffer, an array, a file and an output stream (three in a bucket, three top-level); each copy
 * read back with get(), get into heap and direct buffers, get into a file and an input stream;
 * then each consumed by a different DELETE read or by delete(). Checks bytes, positions, listings
 * and the exact number of blocks each object holds on the metadata server (none for a put of known
 * size up to the client's inline limit; the output stream, of unknown size, always takes blocks).
 */
final class EveryWayRoundTrip
{
    private static final String[] IN_BUCKET = {"heap", "direct", "stream"};
    private static final String[] TOP_LEVEL = {"array", "file", "readonly"};
    private static final int GUARD = 5;

    private final LocalCluster cluster;
    private final Job job;
    private final Path dir;
    private final int blockSize;
    private final int inlineMaxBytes;

    /** For a client that puts everything through blocks ({@code inlineMaxBytes(0)}). */
    EveryWayRoundTrip(final LocalCluster cluster, final Job job, final Path dir, final int blockSize)
    {
        this(cluster, job, dir, blockSize, 0);
    }

    /** For a client whose puts of known size up to {@code inlineMaxBytes} go inline to the metadata server. */
    EveryWayRoundTrip(final LocalCluster cluster, final Job job, final Path dir, final int blockSize, final int inlineMaxBytes)
    {
        this.cluster = cluster;
        this.job = job;
        this.dir = dir;
        this.blockSize = blockSize;
        this.inlineMaxBytes = inlineMaxBytes;
    }

    /** Puts, reads and consumes objects of {@code size} bytes in {@code bucket} and at top level. */
    void run(final String bucket, final int size) throws IOException
    {
        final byte[] bytes = SeededContent.bytes(SeededContent.seed(size, blockSize), size);
        final long before = metadataAllocated(cluster);
        job.createBucket(bucket);
        final List<String> names = putEveryWay(bucket, bytes);
        final int inBlocks = size <= inlineMaxBytes ? 1 : names.size(); // the stream's size is unknown: never inline
        assertEquals(before + inBlocks * blocks(size, blockSize), metadataAllocated(cluster),
            "blocks allocated for six objects of " + size + " bytes, " + inBlocks + " of them in blocks");

        assertEquals(List.of(info(bucket + "/direct", size), info(bucket + "/heap", size), info(bucket + "/stream", size)),
            job.enumerate(bucket));
        assertEquals(List.of(info("array", size), info("file", size), info("readonly", size)), job.enumerate(""));
        for (final String name : names)
        {
            assertEquals(info(name, size), job.lookup(name));
            assertTrue(job.exists(name), name);
            readEveryWay(name, bytes);
        }

        consumeEveryWay(names, bytes);
        assertEquals(List.of(), job.enumerate(bucket));
        assertEquals(List.of(), job.enumerate(""));
        job.deleteBucket(bucket);
        assertEquals(before, metadataAllocated(cluster), "blocks allocated once every object was consumed");
    }

    private List<String> putEveryWay(final String bucket, final byte[] bytes) throws IOException
    {
        final int size = bytes.length;
        final ByteBuffer heap = ByteBuffer.allocate(size + 2 * GUARD).position(GUARD);
        heap.put(bytes).position(GUARD).limit(GUARD + size);
        job.put(bucket + "/heap", heap);
        assertEquals(GUARD, heap.position(), "put must not move the source buffer");
        assertEquals(GUARD + size, heap.limit(), "put must not change the source's limit");

        final ByteBuffer direct = ByteBuffer.allocateDirect(size + 2 * GUARD).position(GUARD);
        direct.put(bytes).position(GUARD).limit(GUARD + size);
        job.put(bucket + "/direct", direct);
        assertEquals(GUARD, direct.position(), "put must not move the source buffer");

        try (OutputStream out = job.openOutput(bucket + "/stream"))
        {
            writeInOddChunks(out, bytes);
        }

        job.put("array", bytes);
        final Path file = Files.write(dir.resolve("src-" + size + ".bin"), bytes);
        job.put("file", file);
        job.put("readonly", ByteBuffer.wrap(bytes).asReadOnlyBuffer());
        return List.of(bucket + "/" + IN_BUCKET[0], bucket + "/" + IN_BUCKET[1], bucket + "/" + IN_BUCKET[2],
            TOP_LEVEL[0], TOP_LEVEL[1], TOP_LEVEL[2]);
    }

    private void readEveryWay(final String name, final byte[] bytes) throws IOException
    {
        final int size = bytes.length;
        final ByteBuffer fresh = job.get(name);
        assertEquals(0, fresh.position(), name);
        assertEquals(size, fresh.limit(), name);
        assertFalse(fresh.isDirect(), "get(" + name + ") returns a heap buffer at every size");
        assertBytes(bytes, fresh, "get(" + name + ")");

        for (final ByteBuffer dst : new ByteBuffer[]{ByteBuffer.allocate(size + 2 * GUARD),
            ByteBuffer.allocateDirect(size + 2 * GUARD)})
        {
            fillGuards(dst);
            dst.position(GUARD).limit(GUARD + size + 1);
            assertEquals(size, job.get(name, dst), name);
            assertEquals(GUARD + size, dst.position(), "get(" + name + ", dst) advances the position by the size");
            checkGuards(dst, size, name);
            assertBytes(bytes, dst.duplicate().position(GUARD).limit(GUARD + size), "get(" + name + ", dst)");
        }

        final Path copy = dir.resolve("copy.bin");
        Files.write(copy, new byte[size + 100]);
        assertEquals(size, job.get(name, copy), name);
        assertBytes(bytes, Files.readAllBytes(copy), "get(" + name + ", file) must truncate the file and write every byte");

        try (InputStream in = job.openInput(name))
        {
            assertBytes(bytes, readInOddChunks(in, size), "openInput(" + name + ")");
        }
    }

    private void consumeEveryWay(final List<String> names, final byte[] bytes) throws IOException
    {
        final int size = bytes.length;
        assertBytes(bytes, job.get(names.get(0), GetOption.DELETE), "get(DELETE)");

        final ByteBuffer dst = ByteBuffer.allocateDirect(size);
        assertEquals(size, job.get(names.get(1), dst, GetOption.DELETE));
        assertBytes(bytes, dst.flip(), "get(dst, DELETE)");

        final Path copy = dir.resolve("consumed.bin");
        assertEquals(size, job.get(names.get(2), copy, GetOption.DELETE));
        assertBytes(bytes, Files.readAllBytes(copy), "get(file, DELETE)");

        try (InputStream in = job.openInput(names.get(3), GetOption.DELETE))
        {
            assertBytes(bytes, readInOddChunks(in, size), "openInput(DELETE)");
        }

        final ByteBuffer heapDst = ByteBuffer.allocate(size);
        assertEquals(size, job.get(names.get(4), heapDst, GetOption.DELETE));
        assertBytes(bytes, heapDst.flip(), "get(heap dst, DELETE)");

        job.delete(names.get(5));
        for (final String name : names)
        {
            assertFalse(job.exists(name), name + " must be gone");
            assertThrows(ObjectNotFoundException.class, () -> job.get(name), name);
            assertThrows(ObjectNotFoundException.class, () -> job.get(name, GetOption.DELETE), name);
        }
    }

    /** First byte alone, then chunks of 1000, 7919 and 70001 bytes in turn. */
    static void writeInOddChunks(final OutputStream out, final byte[] bytes) throws IOException
    {
        final int[] chunks = {1000, 7919, 70001};
        int at = 0;
        if (bytes.length > 0)
        {
            out.write(bytes[0]);
            at = 1;
        }
        for (int i = 0; at < bytes.length; i++)
        {
            final int n = Math.min(chunks[i % chunks.length], bytes.length - at);
            out.write(bytes, at, n);
            at += n;
        }
        out.flush();
    }

    /** Reads a whole stream: one byte, then chunks of 1, 4093 and 70001 bytes; checks available() and the end. */
    byte[] readInOddChunks(final InputStream in, final int size)
    {
        try
        {
            final ByteArrayOutputStream all = new ByteArrayOutputStream(size);
            if (size > 0)
            {
                all.write(in.read());
                assertEquals(Math.min(size, blockSize) - 1, in.available(), "available() is what is left of block 0");
            }
            final int[] chunks = {1, 4093, 70001};
            final byte[] buffer = new byte[70001];
            int n;
            for (int i = 0; (n = in.read(buffer, 0, chunks[i % chunks.length])) >= 0; i++)
            {
                assertTrue(n > 0, "read returned 0 before the end");
                all.write(buffer, 0, n);
            }
            assertEquals(-1, in.read(), "read() after the end");
            assertEquals(-1, in.read(buffer), "read(byte[]) after the end");
            return all.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static ObjectInfo info(final String name, final long size)
    {
        return new ObjectInfo(name, size, false);
    }

    private static void fillGuards(final ByteBuffer dst)
    {
        for (int i = 0; i < dst.capacity(); i++)
        {
            dst.put(i, (byte)0x5A);
        }
    }

    private static void checkGuards(final ByteBuffer written, final int size, final String name)
    {
        final ByteBuffer dst = written.duplicate().clear();
        for (int i = 0; i < GUARD; i++)
        {
            assertEquals((byte)0x5A, dst.get(i), "byte before the destination's position was written by get(" + name + ")");
            assertEquals((byte)0x5A, dst.get(GUARD + size + i), "byte after the object was written by get(" + name + ")");
        }
    }
}
