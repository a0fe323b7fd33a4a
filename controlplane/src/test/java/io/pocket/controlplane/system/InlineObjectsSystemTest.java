package io.pocket.controlplane.system;

import io.pocket.client.GetOption;
import io.pocket.client.Job;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PutOption;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.controlplane.metadata.core.MetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small objects kept by the metadata server itself (PUT_INLINE, LOOKUP answers with the bytes), on
 * a real cluster with the default inline limit of 4 KiB: every way in and out, the boundary at the
 * limit, and the semantics of block objects (write-once, delete, list, DELETE reads, PERSIST,
 * deregistration) with the inline memory accounted per job and freed.
 */
class InlineObjectsSystemTest
{
    static final int LIMIT = 4 * KIB;

    @RegisterExtension
    static final ClusterResource CLUSTER =
        new ClusterResource(new LocalClusterContext().storageServers(1).dram(8L * MIB).blockSize(64 * KIB));

    @TempDir
    Path dir;

    private static MetadataStore store()
    {
        return CLUSTER.cluster().metadata().store();
    }

    @Test
    void objectsUpToTheLimitTakeNoBlockAndLargerOnesDo() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("inline-edge", null);
        final long blocksBefore = metadataAllocated(CLUSTER.cluster());
        for (final int size : new int[] {0, 1, 100, LIMIT - 1, LIMIT})
        {
            job.put("o" + size, bytes(size, size));
        }
        assertEquals(blocksBefore, metadataAllocated(CLUSTER.cluster()), "inline objects use no block");
        assertEquals(1L + 100 + LIMIT - 1 + LIMIT, store().inlineBytes(job.id()));

        job.put("o" + (LIMIT + 1), bytes(LIMIT + 1, 7));
        assertEquals(blocksBefore + 1, metadataAllocated(CLUSTER.cluster()), "one byte more goes to a block");
        assertEquals(1L + 100 + LIMIT - 1 + LIMIT, store().inlineBytes(job.id()));

        for (final int size : new int[] {0, 1, 100, LIMIT - 1, LIMIT, LIMIT + 1})
        {
            final byte[] expected = bytes(size, size == LIMIT + 1 ? 7 : size);
            final String name = "o" + size;
            assertArrayEquals(expected, toArray(job.get(name)), name);
            final ByteBuffer into = ByteBuffer.allocateDirect(size + 3).position(3);
            assertEquals(size, job.get(name, into));
            assertArrayEquals(expected, toArray(into.flip().position(3)), name + " into a buffer");
            final Path file = dir.resolve(name);
            assertEquals(size, job.get(name, file));
            assertArrayEquals(expected, Files.readAllBytes(file), name + " into a file");
            try (InputStream in = job.openInput(name))
            {
                assertArrayEquals(expected, in.readAllBytes(), name + " as a stream");
            }
            assertEquals(size, job.lookup(name).size());
        }
        job.deregister();
        assertEquals(blocksBefore, metadataAllocated(CLUSTER.cluster()));
    }

    @Test
    void smallFilesGoInlineToo() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("inline-file", null);
        final Path src = dir.resolve("small");
        Files.write(src, bytes(3000, 3));
        job.put("f", src);
        assertEquals(3000, store().inlineBytes(job.id()));
        assertArrayEquals(bytes(3000, 3), toArray(job.get("f")));
        job.deregister();
    }

    @Test
    void namesAreWriteOnceAcrossInlineAndBlockObjects()
    {
        final Job job = CLUSTER.client().registerJob("inline-names", null);
        job.put("small", bytes(10, 1));
        job.put("large", bytes(LIMIT * 2, 2));
        assertThrows(ObjectExistsException.class, () -> job.put("small", bytes(10, 3)));
        assertThrows(ObjectExistsException.class, () -> job.put("small", bytes(LIMIT * 2, 3)));
        assertThrows(ObjectExistsException.class, () -> job.put("large", bytes(10, 3)));
        final ObjectNotFoundException noBucket = assertThrows(ObjectNotFoundException.class,
            () -> job.put("nobucket/x", bytes(10, 3)));
        assertTrue(noBucket.getMessage().contains("no bucket nobucket"), noBucket.getMessage());
        assertArrayEquals(bytes(10, 1), toArray(job.get("small")), "a refused put leaves the object alone");
        job.deregister();
    }

    @Test
    void deleteListAndDeleteReadsFreeTheMemory()
    {
        final Job job = CLUSTER.client().registerJob("inline-delete", null);
        job.createBucket("b");
        job.put("b/x", bytes(500, 1));
        job.put("b/y", bytes(LIMIT + 10, 2));
        job.put("b/z", bytes(0, 0));
        final List<ObjectInfo> listed = job.enumerate("b");
        assertEquals(List.of("b/x", "b/y", "b/z"), listed.stream().map(ObjectInfo::name).toList());
        assertEquals(List.of(500L, (long)LIMIT + 10, 0L), listed.stream().map(ObjectInfo::size).toList());
        final long usedBefore = store().inline().usedBytes();

        job.delete("b/x");
        assertEquals(usedBefore - 500, store().inline().usedBytes());
        assertEquals(0, store().inlineBytes(job.id()));
        assertThrows(ObjectNotFoundException.class, () -> job.get("b/x"));
        assertThrows(ObjectNotFoundException.class, () -> job.delete("b/x"));

        job.put("b/x", bytes(700, 4));
        assertArrayEquals(bytes(700, 4), toArray(job.get("b/x", GetOption.DELETE)), "a DELETE read returns the bytes");
        assertThrows(ObjectNotFoundException.class, () -> job.get("b/x"));
        assertEquals(0, store().inlineBytes(job.id()));

        job.put("b/x", bytes(800, 5));
        final ByteBuffer into = ByteBuffer.allocate(800);
        assertEquals(800, job.get("b/x", into, GetOption.DELETE));
        assertArrayEquals(bytes(800, 5), into.array());
        assertThrows(ObjectNotFoundException.class, () -> job.lookup("b/x"));
        assertEquals(usedBefore - 500, store().inline().usedBytes());
        job.deregister();
    }

    @Test
    void persistentInlineObjectsOutliveTheirJob()
    {
        final Job job = CLUSTER.client().registerJob("inline-persist", null);
        job.put("kept", bytes(300, 9), PutOption.PERSIST);
        job.put("dropped", bytes(200, 8));
        assertEquals(500, store().inlineBytes(job.id()));
        job.deregister();

        assertEquals(300, store().inlineBytes(job.id()), "deregistration frees the non-persistent inline object");
        final Job ended = CLUSTER.client().attach(job.id());
        assertArrayEquals(bytes(300, 9), toArray(ended.get("kept")));
        assertTrue(ended.lookup("kept").persistent());
        assertThrows(ObjectNotFoundException.class, () -> ended.get("dropped"));
        assertThrows(JobNotFoundException.class, () -> ended.put("late", bytes(10, 1)));
        ended.delete("kept");
        assertTrue(!store().hasJob(job.id()), "the ended job is forgotten once its last object is gone");
    }

    static byte[] bytes(final int size, final int seed)
    {
        final byte[] b = new byte[size];
        for (int i = 0; i < size; i++)
        {
            b[i] = (byte)(i * 31 + seed);
        }
        return b;
    }

    static byte[] toArray(final ByteBuffer buffer)
    {
        final byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
