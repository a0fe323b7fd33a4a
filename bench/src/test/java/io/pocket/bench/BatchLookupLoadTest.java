package io.pocket.bench;

import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code --batch} loop of {@code pocket bench --op lookup} against a real cluster, for a
 * moment: every call checks the names and sizes its batch returned, and the measured operations
 * are whole batches. Checks counts, never speed.
 */
final class BatchLookupLoadTest
{
    private static final int BATCH = 16;

    @Test
    void everyCallLooksUpAWholeBatchOfStoredNames()
    {
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterContext().storageServers(1).dram(8L << 20));
            PocketClient client = PocketClient.connect(cluster.controllerAddress()))
        {
            // 2 clients over 20 names: batches of 16 wrap around the stored names and overlap.
            final BenchConfig config = new BenchConfig(cluster.controllerAddress(), BenchOp.LOOKUP, 2, 100,
                TimeUnit.MILLISECONDS.toNanos(200), 0, 20, 0, BATCH);
            final Job job = client.registerJob(BenchCommand.JOB_NAME, Hints.none().lambdas(2));
            final StringWriter progress = new StringWriter();

            final BenchResult result = new LoadDriver(config, job, new PrintWriter(progress)).run();

            assertTrue(result.operations() >= BATCH, result.toString());
            assertEquals(0, result.operations() % BATCH, result.toString());
            assertTrue(progress.toString().contains(" batch=16 "), progress.toString());
            job.deregister();
        }
    }
}
