package io.pocket.bench.sort;

import io.pocket.bench.peers.PeerServers;
import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.client.Sizes;
import io.pocket.controlplane.cli.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code pocket peers-sort}: the demo's MapReduce sort with its shuffle through Pocket, Redis and
 * memcached in turn (servers already running; scripts/bench-peers --app starts them), same data, seed
 * and concurrency for each. Prints total and shuffle time per system and writes
 * {@code bench/results/sort-peers.csv}. Exit code 2 if a sort failed or did not verify.
 */
@Command(
    name = "peers-sort",
    mixinStandardHelpOptions = true,
    description = "Runs the MapReduce sort with its shuffle through Pocket, Redis and memcached.")
public final class SortPeersCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PeerServers servers;

    @Mixin
    private ConfigSource configSource = new ConfigSource();

    @Option(names = "--systems", paramLabel = "LIST", description = "Default: pocket,redis,memcached.")
    private String systems = "pocket,redis,memcached";

    @Option(names = "--size", paramLabel = "SIZE", description = "Data to sort (default 1g, as the demo).")
    private String size = "1g";

    @Option(names = "--mappers", paramLabel = "N", description = "Concurrent mappers (default 16).")
    private int mappers = 16;

    @Option(names = "--reducers", paramLabel = "N", description = "Concurrent reducers (default 16).")
    private int reducers = 16;

    @Option(names = "--warmup-size", paramLabel = "SIZE",
        description = "Data of an untimed sort through each system first, to warm the JIT (default: a quarter of " +
            "--size, at most 256m; 0 for none).")
    private String warmupSize;

    @Option(names = "--memcached-item-max", paramLabel = "SIZE", description = "memcached's -I (default 32m).")
    private String memcachedItemMax = "32m";

    @Option(names = "--csv", paramLabel = "FILE", description = "Default: bench/results/sort-peers.csv.")
    private String csv = "bench/results/sort-peers.csv";

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long bytes = parseSize("--size", size);
        final long itemMax = parseSize("--memcached-item-max", memcachedItemMax);
        final SortJob.Config config;
        try
        {
            config = SortJob.Config.of(bytes, mappers, reducers);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidArgumentException("--size/--mappers/--reducers: " + ex.getMessage());
        }
        final List<String> systemList = List.of(systems.split(","));
        if (systemList.contains("memcached"))
        {
            checkPartitionsFit(config, itemMax);
        }

        final long warmupBytes = warmupSize != null ? parseSize("--warmup-size", warmupSize) :
            Math.min(bytes / 4, 256L << 20);
        if (warmupBytes > 0)
        {
            final SortJob.Config warmup = SortJob.Config.of(Math.max(warmupBytes, config.recordSize()), mappers,
                reducers);
            for (final String system : systemList)
            {
                err.printf(Locale.ROOT, "[peers-sort] %s: warm-up sort of %s (untimed)%n", system,
                    Sizes.format(warmupBytes));
                err.flush();
                final SortPeersResult result = runOn(system.trim(), warmup, itemMax);
                if (!result.sort().ok())
                {
                    err.println(result.sort().report());
                }
            }
        }

        final List<SortPeersResult> results = new ArrayList<>();
        for (final String system : systemList)
        {
            err.printf(Locale.ROOT, "[peers-sort] %s: sorting %s, %d mappers x %d reducers%n", system,
                Sizes.format(bytes), mappers, reducers);
            err.flush();
            final SortPeersResult result = runOn(system.trim(), config, itemMax);
            err.println(result.sort().report());
            err.flush();
            results.add(result);
        }
        SortPeersResult.table(results).forEach(out::println);
        out.flush();
        SortPeersResult.writeCsv(Path.of(csv), results);
        err.println("[peers-sort] wrote " + csv);
        err.flush();
        return results.stream().allMatch((r) -> r.sort().ok()) ? 0 : 2;
    }

    /** Runs {@code config} with its shuffle through {@code store}, timing the shuffle. */
    public static SortPeersResult run(final SortJob.Config config, final ShuffleStore store)
    {
        final TimedShuffleStore timed = new TimedShuffleStore(store);
        final SortResult sort = new SortJob(config).run(timed);
        return new SortPeersResult(sort, timed.writeSeconds(), timed.readSeconds());
    }

    /**
     * The largest partition a mapper writes is about total / (mappers x reducers) (keys are uniform); it
     * must fit memcached's item limit with room to spare.
     */
    static void checkPartitionsFit(final SortJob.Config config, final long itemMax)
    {
        final long partition = config.totalBytes() / ((long)config.mappers() * config.reducers());
        final long needed = partition + partition / 8 + MemcachedShuffleStore.ITEM_OVERHEAD;
        if (needed > itemMax)
        {
            throw new InvalidArgumentException("--memcached-item-max: partitions of about " + Sizes.format(partition) +
                " need an item limit of at least " + Sizes.format(needed) + ", memcached has " + Sizes.format(itemMax) +
                ": use more mappers or reducers, or start memcached with a larger -I");
        }
    }

    private SortPeersResult runOn(final String system, final SortJob.Config config, final long itemMax)
    {
        final int tasks = Math.max(config.mappers(), config.reducers());
        switch (system)
        {
            case "pocket":
                return runOnPocket(config, tasks);
            case "redis":
                try (ShuffleStore store = new RedisShuffleStore(require("--redis", servers.redis()), tasks, "sort/"))
                {
                    return run(config, store);
                }
            case "memcached":
                try (ShuffleStore store =
                    new MemcachedShuffleStore(require("--memcached", servers.memcached()), tasks, itemMax, "sort/"))
                {
                    return run(config, store);
                }
            default:
                throw new InvalidArgumentException("--systems: unknown system '" + system +
                    "' (pocket, redis, memcached)");
        }
    }

    private SortPeersResult runOnPocket(final SortJob.Config config, final int tasks)
    {
        final String controller = require("--pocket", servers.pocket());
        final ClientContext context = ClientContext.fromProperties(configSource.properties()).controller(controller);
        try (PocketClient client = PocketClient.connect(controller, context))
        {
            final Job job = client.registerJob("sort", Hints.none().lambdas(tasks).capacity(config.totalBytes()));
            try (PocketShuffleStore store = new PocketShuffleStore(job))
            {
                return run(config, store);
            }
            finally
            {
                job.deregister();
            }
        }
    }

    private static String require(final String option, final String value)
    {
        if (value == null || value.isBlank())
        {
            throw new InvalidArgumentException(option + ": must be HOST:PORT, got none");
        }
        return value;
    }

    private static long parseSize(final String option, final String text)
    {
        try
        {
            return Sizes.parseSize(text);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(option + ": " + ex.getMessage());
        }
    }
}
