package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.GetOption;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectInfo;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.awaitValue;
import static io.pocket.controlplane.system.DataPathFixture.blocks;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static io.pocket.controlplane.system.DataPathFixture.settledUsed;
import static io.pocket.controlplane.system.DataPathFixture.storageUsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Objects of 0 B, 1 B, 1 KiB, block-1, block, block+1 and 10 MiB through every put and get of the
 * API, a 300 MiB object through the streams, a file that spans several mapped regions, and the
 * edge sizes again on a cluster of 4 KiB blocks with shallower pipelines (4 writes and 3 reads in
 * flight, 4 blocks allocated ahead); every byte is checked. Two storage servers of
 * 512 MiB DRAM with 64 KiB blocks, shared by the tests of this class.
 */
class ObjectSizesSystemTest
{
    static final int BLOCK = 64 * KIB;

    @RegisterExtension
    static final ClusterResource CLUSTER = new ClusterResource(new LocalClusterContext().storageServers(2).dram(512L * MIB).blockSize(BLOCK),
        new ClientContext().inlineMaxBytes(0)); // sizes through blocks; InlineObjectsSystemTest covers inline ones

    @TempDir
    Path dir;


    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, KIB, BLOCK - 1, BLOCK, BLOCK + 1, 10 * MIB})
    void everySizeThroughEveryPutAndGet(final int size) throws IOException
    {
        final long storageBefore = settledUsed(CLUSTER.cluster());
        final Job job = CLUSTER.client().registerJob("sizes", Hints.none());
        new EveryWayRoundTrip(CLUSTER.cluster(), job, dir, BLOCK).run("b" + size, size);
        job.deregister();
        awaitValue("blocks used on the storage servers after the objects were consumed", storageBefore,
            () -> storageUsed(CLUSTER.cluster()));
    }

    @Test
    void threeHundredMebibytesThroughTheStreams() throws IOException
    {
        final long size = 300L * MIB + 12_345;
        final long seed = SeededContent.seed(300, 1);
        final long before = settledUsed(CLUSTER.cluster());
        final Job job = CLUSTER.client().registerJob("large", Hints.none());

        final SplittableRandom chunks = new SplittableRandom(17);
        final byte[] buffer = new byte[MIB + 7];
        try (OutputStream out = job.openOutput("big"))
        {
            for (long written = 0; written < size; )
            {
                final int n = (int)Math.min(size - written, 1 + chunks.nextInt(buffer.length));
                SeededContent.fill(seed, written, buffer, 0, n);
                out.write(buffer, 0, n);
                written += n;
            }
        }
        assertEquals(new ObjectInfo("big", size, false), job.lookup("big"));
        assertEquals(before + blocks(size, BLOCK), metadataAllocated(CLUSTER.cluster()), "blocks of a 300 MiB object");

        try (InputStream in = job.openInput("big"))
        {
            final int n = in.readNBytes(buffer, 0, buffer.length);
            assertEquals(buffer.length, n);
            SeededContent.verify(seed, 0, buffer, 0, n, "first mebibyte");
        }
        assertTrue(job.exists("big"), "a plain read closed early leaves the object");
        assertEquals(size, readAndVerify(job, "big", seed, chunks, buffer, GetOption.DELETE), "bytes read with DELETE");
        assertFalse(job.exists("big"), "a DELETE read consumes the object");
        assertEquals(before, metadataAllocated(CLUSTER.cluster()), "blocks allocated after the DELETE read");
        awaitValue("blocks used on the storage servers after the DELETE read", before, () -> storageUsed(CLUSTER.cluster()));
        job.deregister();
    }

    @Test
    void filesLargerThanOneMappedRegionRoundTrip() throws IOException
    {
        final long size = 64L * MIB + BLOCK + 5;
        final long seed = SeededContent.seed(64, 2);
        final Path src = dir.resolve("large-src.bin");
        final byte[] buffer = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(src))
        {
            for (long at = 0; at < size; at += buffer.length)
            {
                final int n = (int)Math.min(buffer.length, size - at);
                SeededContent.fill(seed, at, buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        final Job job = CLUSTER.client().registerJob("files", Hints.none());
        job.put("regions", src);
        Files.delete(src);
        final Path dst = dir.resolve("large-dst.bin");
        assertEquals(size, job.get("regions", dst, GetOption.DELETE));
        assertEquals(size, Files.size(dst));
        try (InputStream in = Files.newInputStream(dst))
        {
            long at = 0;
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0)
            {
                SeededContent.verify(seed, at, buffer, 0, n, "file read back");
                at += n;
            }
            assertEquals(size, at);
        }
        assertFalse(job.exists("regions"));
        job.deregister();
    }

    @Test
    void smallBlocksCluster() throws IOException
    {
        final int block = 4 * KIB;
        try (LocalCluster small = LocalCluster.start(new LocalClusterContext().storageServers(2).dram(32L * MIB)
            .blockSize(block));
            PocketClient smallClient = PocketClient.connect(small.controllerAddress(),
                new ClientContext().writeWindow(4).allocateAhead(4).readWindow(3).inlineMaxBytes(0)))
        {
            final Job job = smallClient.registerJob("small-blocks", Hints.none());
            final EveryWayRoundTrip roundTrip = new EveryWayRoundTrip(small, job, dir, block);
            for (final int size : new int[]{block + 1, 0, 1, KIB, block - 1, block, MIB + 11})
            {
                roundTrip.run("b" + size, size);
            }
            job.deregister();
            awaitValue("blocks used on the storage servers of the 4 KiB CLUSTER.cluster()", 0, () -> storageUsed(small));
        }
    }

    private static long readAndVerify(final Job job, final String name, final long seed, final SplittableRandom chunks,
        final byte[] buffer, final GetOption... options) throws IOException
    {
        long at = 0;
        try (InputStream in = job.openInput(name, options))
        {
            int n;
            while ((n = in.read(buffer, 0, 1 + chunks.nextInt(buffer.length))) >= 0)
            {
                SeededContent.verify(seed, at, buffer, 0, n, "openInput(" + name + ")");
                at += n;
            }
            assertEquals(-1, in.read());
        }
        return at;
    }
}
