package io.pocket.bench.demo;

import io.pocket.bench.sort.ConsoleProgress;
import io.pocket.bench.sort.PocketShuffleStore;
import io.pocket.bench.sort.SortJob;
import io.pocket.bench.sort.SortResult;
import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.client.Sizes;
import io.pocket.controlplane.cli.ConfigSource;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code pocket demo}: the main job. Starts an embedded cluster, registers a sort job, runs a
 * MapReduce sort whose shuffle goes through Pocket (mappers put one partition object per reducer,
 * reducers get theirs with DELETE), verifies the output, prints phase times and shuffle throughput,
 * deregisters the job and checks that the cluster's capacity is all free again.
 */
@Command(name = "demo", description = "Run a MapReduce sort of 1 GiB through an embedded Pocket cluster.")
public final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--size", paramLabel = "SIZE", description = "data to sort (default 1g)")
    String size = "1g";

    @Option(names = "--mappers", paramLabel = "N", description = "concurrent mappers (default 16)")
    int mappers = 16;

    @Option(names = "--reducers", paramLabel = "N", description = "concurrent reducers (default 16)")
    int reducers = 16;

    @Option(names = "--storage-servers", paramLabel = "N", description = "storage servers (default 2)")
    int storageServers = 2;

    @Option(names = "--dram", paramLabel = "SIZE", description = "DRAM per storage server (default: enough for the shuffle)")
    String dram;

    @Mixin
    ConfigSource config;

    private final PrintStream out = System.out;

    @Override
    public Integer call()
    {
        final long bytes = Sizes.parseSize(size);
        final long perServer = dram != null ? Sizes.parseSize(dram) :
            Math.max(64L << 20, (bytes * 5 / 4) / storageServers + (mappers * reducers * 64L << 10) / storageServers);
        out.printf("pocket demo: sorting %s of 100-byte records, %d mappers x %d reducers, %d storage servers x %s DRAM%n",
            Sizes.format(bytes), mappers, reducers, storageServers, Sizes.format(perServer));
        final long start = System.nanoTime();
        final Properties options = config.properties();
        try (LocalCluster cluster = LocalCluster.start(LocalClusterContext.fromProperties(options)
            .storageServers(storageServers)
            .dram(perServer));
            PocketClient client = PocketClient.connect(cluster.controllerAddress(), ClientContext.fromProperties(options)))
        {
            config.print(cluster.context().toProperties());
            out.printf("cluster up in %.2f s: controller %s%n", (System.nanoTime() - start) / 1e9,
                cluster.controllerAddress());
            final SortResult result;
            final Job job = client.registerJob("sort", Hints.none().lambdas(Math.max(mappers, reducers)).capacity(bytes));
            try (PocketShuffleStore store = new PocketShuffleStore(job))
            {
                result = new SortJob(SortJob.Config.of(bytes, mappers, reducers)).run(store, new ConsoleProgress());
            }
            job.deregister();
            out.println(result.report());
            final long used = usedBlocksAfterDeregister(cluster);
            out.println(used == 0 ? "capacity: every block is free again after deregistration" :
                "capacity: " + used + " blocks still in use after deregistration");
            out.println(result.ok() && used == 0 ? "demo OK" : "demo FAILED");
            return result.ok() && used == 0 ? 0 : 1;
        }
    }

    /** The blocks the metadata server still counts as allocated once the job is gone. */
    private static long usedBlocksAfterDeregister(final LocalCluster cluster)
    {
        return cluster.metadata().store().stats().allocatedBlocks();
    }
}
