package io.pocket.controlplane.system;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Job;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PutOption;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.InlineObjectsSystemTest.bytes;
import static io.pocket.controlplane.system.InlineObjectsSystemTest.toArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Job#lookupAll} on a real cluster: LOOKUPs pipelined over one pooled metadata connection,
 * answers put back in the order of the names, batches longer than the window of requests in
 * flight, and missing names reported after every answer was read, leaving the connection fit for
 * the calls that follow.
 */
class BatchLookupSystemTest
{
    @RegisterExtension
    static final ClusterResource CLUSTER =
        new ClusterResource(new LocalClusterContext().storageServers(1).dram(8L * MIB).blockSize(64 * KIB));

    @Test
    void inlineAndBlockObjectsComeBackInOrder()
    {
        final Job job = CLUSTER.client().registerJob("batch-order", null);
        job.createBucket("b");
        job.put("b/small", bytes(100, 1));
        job.put("large", bytes(200 * KIB, 2), PutOption.PERSIST);
        job.put("b/empty", new byte[0]);
        job.put("b/mid", bytes(64 * KIB + 1, 3));

        final List<ObjectInfo> infos = job.lookupAll(List.of("large", "b/small", "b/mid", "b/empty", "b/small"));
        assertEquals(List.of(
            new ObjectInfo("large", 200 * KIB, true),
            new ObjectInfo("b/small", 100, false),
            new ObjectInfo("b/mid", 64 * KIB + 1, false),
            new ObjectInfo("b/empty", 0, false),
            new ObjectInfo("b/small", 100, false)), infos);
        assertEquals(List.of(), job.lookupAll(List.of()), "an empty batch");
        job.deregister();
        CLUSTER.client().attach(job.id()).delete("large");
    }

    @Test
    void batchesLongerThanTheWindowAreAnsweredWhole()
    {
        final Job job = CLUSTER.client().registerJob("batch-long", null);
        final int count = 500;
        final List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            job.put("o" + i, bytes(i, i));
            names.add("o" + i);
        }
        final List<ObjectInfo> infos = job.lookupAll(names);
        assertEquals(count, infos.size());
        for (int i = 0; i < count; i++)
        {
            assertEquals(new ObjectInfo("o" + i, i, false), infos.get(i));
        }
        job.deregister();
    }

    @Test
    void missingNamesAreReportedAfterEveryAnswerIsRead()
    {
        final Job job = CLUSTER.client().registerJob("batch-missing", null);
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 150; i++)
        {
            job.put("o" + i, bytes(10, i));
            names.add("o" + i);
        }
        job.delete("o70");
        names.set(40, "nothing");
        names.set(120, "nobucket/x");

        final ObjectNotFoundException missing = assertThrows(ObjectNotFoundException.class, () -> job.lookupAll(names));
        assertTrue(missing.getMessage().contains("no object nothing in job " + job.id()), missing.getMessage());
        assertTrue(missing.getMessage().contains("3 of 150"), missing.getMessage());

        final ObjectNotFoundException deleted = assertThrows(ObjectNotFoundException.class,
            () -> job.lookupAll(List.of("o1", "o70", "o2")));
        assertTrue(deleted.getMessage().contains("no object o70"), deleted.getMessage());
        assertTrue(deleted.getMessage().contains("1 of 3"), deleted.getMessage());

        // Each error answer is matched to its own name by correlation id: the batch reports the first
        // missing name in list order with the very error a lookup of it alone gives.
        final String single = assertThrows(ObjectNotFoundException.class, () -> job.lookup("nobucket/x")).getMessage();
        final ObjectNotFoundException inBatch = assertThrows(ObjectNotFoundException.class,
            () -> job.lookupAll(List.of("o1", "nobucket/x", "o2", "o70")));
        assertEquals(single + " (2 of 4 names of the batch missing)", inBatch.getMessage());
        assertEquals(single, inBatch.getCause().getMessage());

        // The connections were given back in step: the next calls on them work.
        for (int i = 0; i < 4; i++)
        {
            assertEquals(10, job.lookup("o" + i).size());
            assertArrayEquals(bytes(10, i), toArray(job.get("o" + i)));
            assertEquals(List.of(new ObjectInfo("o149", 10, false)), job.lookupAll(List.of("o149")));
        }
        job.deregister();
    }

    @Test
    void badNamesAreRefusedAndOtherErrorsPropagate()
    {
        final Job job = CLUSTER.client().registerJob("batch-errors", null);
        job.put("a", bytes(5, 5));
        assertThrows(InvalidArgumentException.class, () -> job.lookupAll(null));
        assertThrows(InvalidArgumentException.class, () -> job.lookupAll(Arrays.asList("a", null)));
        assertThrows(InvalidArgumentException.class, () -> job.lookupAll(List.of("a", "x/y/z")));

        final Job other = CLUSTER.client().attach(job.id());
        job.deregister();
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            names.add("a");
        }
        assertThrows(JobNotFoundException.class, () -> other.lookupAll(names));

        final Job next = CLUSTER.client().registerJob("batch-after-errors", null);
        next.put("b", bytes(7, 7));
        assertEquals(List.of(new ObjectInfo("b", 7, false)), next.lookupAll(List.of("b")));
        assertArrayEquals(bytes(7, 7), toArray(next.get("b")));
        next.deregister();
    }
}
