package io.pocket.controlplane.system;

import io.pocket.client.BucketExistsException;
import io.pocket.client.BucketNotEmptyException;
import io.pocket.client.GetOption;
import io.pocket.client.Hints;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Job;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketClient;
import io.pocket.client.PutOption;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.metadataAllocated;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job and object API on a real cluster: jobs, names, buckets and listings, write-once
 * objects, destinations that are too small or read-only, files at the edges and closed handles.
 * Ported from the client module's tests that used a hand-written imitation of the servers.
 */
class ObjectApiSystemTest
{
    static final int BLOCK = 64 * KIB;

    @RegisterExtension
    static final ClusterResource CLUSTER = new ClusterResource(new LocalClusterContext().storageServers(2).dram(64L * MIB).blockSize(BLOCK));

    @TempDir
    Path dir;


    @Test
    void registersAttachesAndDeregistersJobs()
    {
        final Job job = CLUSTER.client().registerJob("sort", Hints.none().lambdas(4));
        assertTrue(job.id().startsWith("sort-"), job.id());
        final Job other = CLUSTER.client().registerJob("sort", null);
        assertNotEquals(job.id(), other.id());

        final Job attached = CLUSTER.client().attach(job.id());
        assertEquals(job.id(), attached.id());
        attached.put("seen", new byte[]{4, 2});
        assertArrayEquals(new byte[]{4, 2}, toArray(job.get("seen")), "objects are shared by every handle of a job");
        assertThrows(JobNotFoundException.class, () -> CLUSTER.client().attach("nope-1"));

        final ClusterStatus status = CLUSTER.client().status();
        assertEquals(List.of(CLUSTER.cluster().metadata().address()), status.metadataAddresses());
        final Set<String> jobIds = status.jobs().stream().map(JobStatus::jobId).collect(Collectors.toSet());
        assertTrue(jobIds.containsAll(List.of(job.id(), other.id())), jobIds.toString());
        assertEquals(CLUSTER.cluster().storageServers().stream().map(StorageServer::advertisedAddress).collect(Collectors.toSet()),
            status.servers().stream().filter(ServerStatus::alive).map(ServerStatus::address).collect(Collectors.toSet()));

        job.deregister();
        assertThrows(IllegalStateException.class, () -> job.exists("x"));
        assertThrows(JobNotFoundException.class, attached::deregister);
        assertThrows(IllegalStateException.class, () -> attached.exists("x"));
        assertFalse(CLUSTER.client().status().jobs().stream().anyMatch(j -> j.jobId().equals(job.id())), "deregistered job listed");

        other.close();
        assertThrows(IllegalStateException.class, () -> other.put("x", new byte[1]));
        final Job again = CLUSTER.client().attach(other.id());
        again.put("x", new byte[1]);
        again.deregister();
    }

    @Test
    void checksNamesAndArgumentsBeforeAnyRequest()
    {
        assertThrows(InvalidArgumentException.class, () -> CLUSTER.client().registerJob("bad name", Hints.none()));
        assertThrows(InvalidArgumentException.class, () -> CLUSTER.client().registerJob("x".repeat(65), Hints.none()));
        assertThrows(InvalidArgumentException.class, () -> CLUSTER.client().attach(""));
        final Job job = CLUSTER.client().registerJob("names", Hints.none());
        final long before = metadataAllocated(CLUSTER.cluster());
        assertThrows(InvalidArgumentException.class, () -> job.put("a/b/c", new byte[1]));
        assertThrows(InvalidArgumentException.class, () -> job.put("o", (byte[])null));
        assertThrows(InvalidArgumentException.class, () -> job.put("o", new byte[1], (PutOption)null));
        assertThrows(InvalidArgumentException.class, () -> job.put("o", new byte[1], (PutOption[])null));
        assertThrows(InvalidArgumentException.class, () -> job.put("o\0", new byte[1]));
        assertThrows(InvalidArgumentException.class, () -> job.put("x".repeat(513), new byte[1]));
        assertThrows(InvalidArgumentException.class, () -> job.get("/o"));
        assertThrows(InvalidArgumentException.class, () -> job.get("o/"));
        assertThrows(InvalidArgumentException.class, () -> job.get("o", (ByteBuffer)null));
        assertThrows(InvalidArgumentException.class, () -> job.get("o", (GetOption)null));
        assertThrows(InvalidArgumentException.class, () -> job.createBucket("a/b"));
        assertThrows(InvalidArgumentException.class, () -> job.deleteBucket(""));
        assertThrows(InvalidArgumentException.class, () -> job.enumerate("a/"));
        assertThrows(InvalidArgumentException.class, () -> job.lookup(""));
        assertThrows(InvalidArgumentException.class, () -> job.openOutput("a//b"));
        assertThrows(InvalidArgumentException.class, () -> job.openInput(null));

        assertEquals(before, metadataAllocated(CLUSTER.cluster()), "a rejected call must not allocate");
        job.put("o", new byte[]{9});
        assertEquals(List.of(new ObjectInfo("o", 1, false)), job.enumerate(""), "nothing else was created");
        job.deregister();
    }

    @Test
    void closedClientRefusesCallsAndItsJobsStay()
    {
        final PocketClient closing = PocketClient.connect(CLUSTER.cluster().controllerAddress());
        final Job job = closing.registerJob("closing", Hints.none());
        job.put("kept", new byte[]{1, 2, 3});
        closing.close();
        closing.close();
        assertThrows(IllegalStateException.class, closing::status);
        assertThrows(IllegalStateException.class, () -> closing.attach(job.id()));
        assertThrows(IllegalStateException.class, () -> job.lookup("kept"));

        final Job same = CLUSTER.client().attach(job.id());
        assertArrayEquals(new byte[]{1, 2, 3}, toArray(same.get("kept")), "closing a CLUSTER.client() does not end its jobs");
        same.deregister();
    }

    @Test
    void objectsAreWriteOnceEvenBeforeTheyAreSealed() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("once", Hints.none());
        job.put("o", new byte[5]);
        assertThrows(ObjectExistsException.class, () -> job.put("o", new byte[5]));
        assertThrows(ObjectExistsException.class, () -> job.put("o", ByteBuffer.allocateDirect(7)));
        assertThrows(ObjectExistsException.class, () -> job.put("o", Files.write(dir.resolve("o"), new byte[3])));
        assertThrows(ObjectExistsException.class, () -> job.openOutput("o"));
        assertEquals(5, job.get("o").remaining());

        try (OutputStream out = job.openOutput("u"))
        {
            out.write(new byte[BLOCK + 1]);
            assertThrows(ObjectExistsException.class, () -> job.put("u", new byte[1]), "an unsealed name is taken");
            assertFalse(job.exists("u"), "an unsealed object is invisible");
            assertThrows(ObjectNotFoundException.class, () -> job.lookup("u"));
            assertThrows(ObjectNotFoundException.class, () -> job.get("u"));
            assertEquals(List.of(new ObjectInfo("o", 5, false)), job.enumerate(""));
        }
        assertEquals(new ObjectInfo("u", BLOCK + 1, false), job.lookup("u"));
        job.deregister();
    }

    @Test
    void bucketsAndListings() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("buckets", Hints.none());
        job.createBucket("b");
        assertThrows(BucketExistsException.class, () -> job.createBucket("b"));
        job.put("b/x", new byte[7]);
        job.put("b/y", new byte[BLOCK + 8], PutOption.PERSIST);
        job.put("top", new byte[9]);
        assertThrows(ObjectNotFoundException.class, () -> job.put("nob/x", new byte[1]));
        assertThrows(ObjectNotFoundException.class, () -> job.enumerate("nob"));
        assertEquals(List.of(new ObjectInfo("b/x", 7, false), new ObjectInfo("b/y", BLOCK + 8, true)), job.enumerate("b"));
        assertEquals(List.of(new ObjectInfo("top", 9, false)), job.enumerate(""));
        assertEquals(new ObjectInfo("b/y", BLOCK + 8, true), job.lookup("b/y"));
        assertTrue(job.exists("b/x"));
        assertFalse(job.exists("b/z"));
        assertFalse(job.exists("x"), "a bucket object is not a top-level object");

        assertThrows(BucketNotEmptyException.class, () -> job.deleteBucket("b"));
        job.delete("b/x");
        job.delete("b/y");
        assertThrows(ObjectNotFoundException.class, () -> job.delete("b/y"));
        assertThrows(ObjectNotFoundException.class, () -> job.lookup("b/y"));
        assertEquals(List.of(), job.enumerate("b"));

        try (OutputStream out = job.openOutput("b/pending"))
        {
            out.write(1);
            assertThrows(BucketNotEmptyException.class, () -> job.deleteBucket("b"), "an unsealed object keeps its bucket");
        }
        job.delete("b/pending");
        job.deleteBucket("b");
        assertThrows(ObjectNotFoundException.class, () -> job.deleteBucket("b"));
        assertThrows(ObjectNotFoundException.class, () -> job.put("b/x", new byte[1]));
        job.createBucket("b");
        job.deregister();
    }

    @Test
    void tooSmallOrReadOnlyDestinationLeavesTheObjectEvenWithDelete()
    {
        final Job job = CLUSTER.client().registerJob("small-dst", Hints.none());
        final byte[] bytes = SeededContent.bytes(11, 3 * BLOCK);
        job.put("kept", bytes);
        final ByteBuffer small = ByteBuffer.allocate(3 * BLOCK - 1);
        assertThrows(InvalidArgumentException.class, () -> job.get("kept", small, GetOption.DELETE));
        assertThrows(InvalidArgumentException.class, () -> job.get("kept", small));
        assertEquals(0, small.position());
        assertTrue(job.exists("kept"));
        assertThrows(InvalidArgumentException.class,
            () -> job.get("kept", ByteBuffer.allocate(4 * BLOCK).asReadOnlyBuffer(), GetOption.DELETE));
        assertTrue(job.exists("kept"));
        final ByteBuffer dst = ByteBuffer.allocateDirect(3 * BLOCK);
        assertEquals(3 * BLOCK, job.get("kept", dst, GetOption.DELETE));
        assertBytes(bytes, dst.flip(), "get(dst, DELETE)");
        assertFalse(job.exists("kept"));
        job.deregister();
    }

    @Test
    void filesAtTheEdges() throws IOException
    {
        final Job job = CLUSTER.client().registerJob("files", Hints.none());
        final byte[] bytes = SeededContent.bytes(12, 3 * BLOCK + 123);
        job.put("file", Files.write(dir.resolve("src.bin"), bytes));

        final Path missing = dir.resolve("missing.bin");
        assertThrows(ObjectNotFoundException.class, () -> job.get("nothing", missing));
        assertFalse(Files.exists(missing), "a file created for a missing object is removed");
        final Path existing = Files.write(dir.resolve("existing.bin"), new byte[]{1, 2, 3});
        assertThrows(ObjectNotFoundException.class, () -> job.get("nothing", existing, GetOption.DELETE));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(existing), "an existing file is left alone");

        assertThrows(InvalidArgumentException.class, () -> job.put("nofile", dir.resolve("nope")));
        assertThrows(InvalidArgumentException.class, () -> job.put("dir", dir));
        assertFalse(job.exists("nofile"));
        assertThrows(InvalidArgumentException.class, () -> job.get("file", dir.resolve("no/such/dir"), GetOption.DELETE));
        assertThrows(InvalidArgumentException.class, () -> job.get("file", dir, GetOption.DELETE));
        assertTrue(job.exists("file"), "a bad destination never consumes a DELETE read");

        job.put("empty", Files.write(dir.resolve("empty.bin"), new byte[0]));
        assertEquals(new ObjectInfo("empty", 0, false), job.lookup("empty"));
        assertEquals(0, job.get("empty", existing, GetOption.DELETE));
        assertEquals(0, Files.size(existing), "the destination is truncated to the object");
        assertEquals(bytes.length, job.get("file", existing, GetOption.DELETE));
        assertBytes(bytes, Files.readAllBytes(existing), "get(file, DELETE)");
        job.deregister();
    }

    private static byte[] toArray(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
