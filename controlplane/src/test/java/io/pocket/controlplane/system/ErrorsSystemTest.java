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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import static io.pocket.controlplane.system.FailureFixture.assertBytes;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every namespace and job error a user can cause, caused for real through the public API against
 * a real in-process cluster: the exact exception type, and a one-line message naming the object,
 * bucket or job at fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsSystemTest
{
    private LocalCluster cluster;
    private PocketClient pocket;
    private int jobs;

    @BeforeAll
    void start()
    {
        cluster = FailureFixture.cluster(2, 16L << 20);
        pocket = PocketClient.connect(cluster.controllerAddress());
    }

    @AfterAll
    void stop()
    {
        pocket.close();
        cluster.close();
    }

    private Job newJob()
    {
        return pocket.registerJob("errors" + (++jobs), Hints.none());
    }

    @Test
    void missingObjectsAreNotFound()
    {
        final Job job = newJob();
        job.createBucket("b");
        for (final String name : List.of("nope", "b/nope"))
        {
            final String[] named = {"no object " + name, job.id()};
            assertFails(ObjectNotFoundException.class, () -> job.get(name), named);
            assertFails(ObjectNotFoundException.class, () -> job.get(name, GetOption.DELETE), named);
            assertFails(ObjectNotFoundException.class, () -> job.get(name, ByteBuffer.allocate(16)), named);
            assertFails(ObjectNotFoundException.class, () -> job.openInput(name), named);
            assertFails(ObjectNotFoundException.class, () -> job.lookup(name), named);
            assertFails(ObjectNotFoundException.class, () -> job.delete(name), named);
            assertFalse(job.exists(name));
        }

        job.put("once", payload(1, 1000));
        job.get("once", GetOption.DELETE);
        assertFails(ObjectNotFoundException.class, () -> job.get("once", GetOption.DELETE), "once", job.id());
        assertFails(ObjectNotFoundException.class, () -> job.delete("once"), "once", job.id());
        job.deregister();
    }

    @Test
    void aSealedNameIsTakenForEveryWriter()
    {
        final Job job = newJob();
        final byte[] first = payload(2, 3 * FailureFixture.BLOCK_SIZE + 17);
        job.put("x", first);

        final String[] named = {"object x exists", job.id()};
        assertFails(ObjectExistsException.class, () -> job.put("x", payload(3, 10)), named);
        assertFails(ObjectExistsException.class, () -> job.put("x", new byte[0]), named);
        assertFails(ObjectExistsException.class, () -> job.openOutput("x"), named);
        assertBytes(first, job.get("x"), "the first object after refused overwrites");
        assertEquals(List.of(new ObjectInfo("x", first.length, false)), job.enumerate(""));
        job.deregister();
    }

    @Test
    void aNameHeldByAnOpenOutputStreamIsTakenButInvisible() throws Exception
    {
        final Job job = newJob();
        job.createBucket("b");
        final byte[] bytes = payload(4, 2 * FailureFixture.BLOCK_SIZE + 5);
        try (PocketClient other = PocketClient.connect(cluster.controllerAddress()))
        {
            final Job otherLambda = other.attach(job.id());
            final OutputStream out = job.openOutput("b/w");
            out.write(bytes, 0, FailureFixture.BLOCK_SIZE + 1);

            final String[] named = {"object b/w exists", job.id()};
            assertFails(ObjectExistsException.class, () -> otherLambda.put("b/w", payload(5, 100)), named);
            assertFails(ObjectExistsException.class, () -> otherLambda.openOutput("b/w"), named);
            assertFails(ObjectExistsException.class, () -> job.put("b/w", payload(5, 100)), named);
            assertFalse(otherLambda.exists("b/w"), "an unsealed object is not visible");
            assertFails(ObjectNotFoundException.class, () -> otherLambda.get("b/w"), "no object b/w", job.id());
            assertEquals(List.of(), otherLambda.enumerate("b"));
            assertFails(BucketNotEmptyException.class, () -> otherLambda.deleteBucket("b"),
                "bucket b of job " + job.id() + " is not empty");

            out.write(bytes, FailureFixture.BLOCK_SIZE + 1, bytes.length - FailureFixture.BLOCK_SIZE - 1);
            out.close();
            assertBytes(bytes, otherLambda.get("b/w"), "the streamed object, read by the other lambda");
        }
        job.deregister();
    }

    @Test
    void bucketsMustExistBeUniqueAndBeEmptyToDelete()
    {
        final Job job = newJob();
        final String[] noBucket = {"no bucket nob", job.id()};
        assertFails(ObjectNotFoundException.class, () -> job.put("nob/x", payload(6, 10)), noBucket);
        assertFails(ObjectNotFoundException.class, () -> job.openOutput("nob/x"), noBucket);
        assertFails(ObjectNotFoundException.class, () -> job.enumerate("nob"), noBucket);
        assertFails(ObjectNotFoundException.class, () -> job.deleteBucket("nob"), noBucket);

        job.createBucket("b");
        assertFails(BucketExistsException.class, () -> job.createBucket("b"), "bucket b exists", job.id());

        job.put("b/x", payload(7, 10));
        assertFails(BucketNotEmptyException.class, () -> job.deleteBucket("b"), "bucket b of job " + job.id() + " is not empty");
        assertTrue(job.exists("b/x"), "a refused bucket delete leaves its objects");
        job.delete("b/x");
        job.deleteBucket("b");
        assertFails(ObjectNotFoundException.class, () -> job.put("b/x", payload(7, 10)), "no bucket b", job.id());
        job.deregister();
    }

    @Test
    void unknownAndEndedJobsAreNotFound()
    {
        assertFails(JobNotFoundException.class, () -> pocket.attach("nosuch-99"), "no job nosuch-99");

        final Job job = newJob();
        final String id = job.id();
        final byte[] kept = payload(8, 1000);
        job.put("kept", kept, PutOption.PERSIST);
        job.put("dropped", payload(9, 1000));
        final Job second = pocket.attach(id);
        final Job third = pocket.attach(id);
        job.deregister();

        assertFails(JobNotFoundException.class, () -> second.deregister(), "job " + id + " has ended");
        assertThrows(IllegalStateException.class, second::deregister, "a handle whose deregister failed is closed");
        final String[] ended = {"job " + id + " has ended"};
        assertFails(JobNotFoundException.class, () -> third.put("new", payload(10, 10)), ended);
        assertFails(JobNotFoundException.class, () -> third.openOutput("new"), ended);
        assertFails(JobNotFoundException.class, () -> third.createBucket("b"), ended);
        assertFails(ObjectNotFoundException.class, () -> third.get("dropped"), "no object dropped", id);

        // An ended job stays attachable (controller.Jobs.requireForAttach) so its PERSIST objects can be read.
        final Job late = pocket.attach(id);
        assertBytes(kept, late.get("kept"), "a PERSIST object of the ended job");
        late.delete("kept");
        assertFails(JobNotFoundException.class, () -> late.get("kept"), "no job " + id);
    }

    @Test
    void badNamesHintsAndBuffersAreRejectedBeforeAnyRequest()
    {
        assertFails(InvalidArgumentException.class, () -> pocket.registerJob("bad name!", null), "job name", "bad name!");
        assertFails(InvalidArgumentException.class, () -> pocket.registerJob("", null), "job name");
        assertFails(InvalidArgumentException.class, () -> pocket.registerJob("j".repeat(65), null), "job name", "65");
        assertFails(InvalidArgumentException.class, () -> Hints.none().lambdas(-1), "lambdas must be >= 0, got -1");
        assertFails(InvalidArgumentException.class, () -> Hints.none().capacity(-2), "capacity must be >= 0, got -2");
        assertFails(InvalidArgumentException.class, () -> Hints.none().throughput(-3), "throughput must be >= 0, got -3");

        final Job job = newJob();
        assertFails(InvalidArgumentException.class, () -> job.put("a/b/c", payload(10, 10)), "a/b/c");
        assertFails(InvalidArgumentException.class, () -> job.put("/x", payload(10, 10)), "/x");
        assertFails(InvalidArgumentException.class, () -> job.get("x/"), "x/");
        assertFails(InvalidArgumentException.class, () -> job.lookup(""), "object name must not be empty");
        assertFails(InvalidArgumentException.class, () -> job.createBucket("a/b"), "a/b");

        final byte[] bytes = payload(11, 5000);
        job.put("big", bytes);
        assertFails(InvalidArgumentException.class, () -> job.get("big", ByteBuffer.allocate(4999)), "big", job.id());
        assertFails(InvalidArgumentException.class, () -> job.get("big", ByteBuffer.allocate(4999), GetOption.DELETE),
            "big", job.id());
        assertFails(InvalidArgumentException.class,
            () -> job.get("big", ByteBuffer.allocate(5000).asReadOnlyBuffer()), "read-only", "big");
        assertBytes(bytes, job.get("big"), "an object a refused get left in place");
        job.deregister();
    }
}
