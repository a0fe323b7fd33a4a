package io.pocket.bench.sort;

import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sort's shuffle through a real in-process Pocket cluster. */
class PocketShuffleStoreTest
{
    private static LocalCluster cluster;
    private static PocketClient client;

    @BeforeAll
    static void start()
    {
        cluster = LocalCluster.start(new LocalClusterContext().storageServers(2).dram(64L << 20));
        client = PocketClient.connect(cluster.controllerAddress());
    }

    @AfterAll
    static void stop()
    {
        client.close();
        cluster.close();
    }

    @Test
    void keepsObjectsInItsBucketAndReadsThemWithDelete()
    {
        final Job job = client.registerJob("shuffle-store", Hints.none());
        final PocketShuffleStore store = new PocketShuffleStore(job);
        final byte[] bytes = {1, 2, 3, 4, 5};
        store.put("m0-r1", ByteBuffer.wrap(bytes));

        final List<ObjectInfo> listed = job.enumerate(PocketShuffleStore.DEFAULT_BUCKET);
        assertEquals(List.of(new ObjectInfo("shuffle/m0-r1", 5, false)), listed);

        final ByteBuffer got = store.getAndDelete("m0-r1");
        final byte[] copy = new byte[got.remaining()];
        got.get(copy);
        assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(copy));
        assertFalse(job.exists("shuffle/m0-r1"), "read with DELETE");
        assertThrows(ObjectNotFoundException.class, () -> store.getAndDelete("m0-r1"));

        store.close();
        assertThrows(ObjectNotFoundException.class, () -> job.enumerate(PocketShuffleStore.DEFAULT_BUCKET),
            "an empty shuffle bucket is removed on close");
        job.deregister();
    }

    @Test
    void runsTheSortJobThroughPocket()
    {
        final Job job = client.registerJob("sort-small", Hints.none());
        final SortResult result;
        try (PocketShuffleStore store = new PocketShuffleStore(job, "sort"))
        {
            result = new SortJob(SortJob.Config.of(4 << 20, 4, 3)).run(store);
        }
        assertTrue(result.ok(), result.report());
        assertEquals(result.records(), result.outputRecords());
        job.deregister();
        assertEquals(0, cluster.metadata().store().stats().allocatedBlocks(), "every block is free again");
    }
}
