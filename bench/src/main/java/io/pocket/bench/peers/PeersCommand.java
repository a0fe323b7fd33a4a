package io.pocket.bench.peers;

import io.pocket.client.ClientContext;
import io.pocket.client.InvalidArgumentException;
import io.pocket.controlplane.cli.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code pocket peers}: the same closed-loop workload against running Pocket, Redis and memcached servers
 * (scripts/bench-peers starts them), a Markdown table on stdout, {@code peers.csv} and PNG charts.
 * Each option sets one property of {@link PeersContext}; errors name the property.
 */
@Command(
    name = "peers",
    mixinStandardHelpOptions = true,
    description = "Runs put/get cells against Pocket, Redis and memcached and writes a table, a CSV and charts.")
public final class PeersCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "1k and 1m, 1 and 16 clients, 5 s cells, 1 s warm-up, 1g budget.")
    private boolean quick;

    @Mixin
    private PeerServers servers;

    @Option(names = "--systems", paramLabel = "LIST", description = "Default: pocket,redis,memcached.")
    private String systems;

    @Option(names = "--ops", paramLabel = "LIST", description = "Default: put,get.")
    private String ops;

    @Option(names = "--sizes", paramLabel = "LIST", description = "Default: 1k,64k,1m,16m.")
    private String sizes;

    @Option(names = "--clients", paramLabel = "LIST", description = "Default: 1,16,64.")
    private String clients;

    @Option(names = "--duration", paramLabel = "TIME", description = "Measured time per cell (default 10s).")
    private String duration;

    @Option(names = "--warmup", paramLabel = "TIME", description = "Warm-up per cell, not measured (default 2s).")
    private String warmup;

    @Option(names = "--memory", paramLabel = "SIZE",
        description = "Memory budget each system was started with (default 4g).")
    private String memory;

    @Option(names = "--memcached-connections", paramLabel = "N", description = "xmemcached pool size (default 16).")
    private String memcachedConnections;

    @Option(names = "--memcached-item-max", paramLabel = "SIZE",
        description = "memcached's -I item limit (default 32m).")
    private String memcachedItemMax;

    @Mixin
    private ConfigSource config = new ConfigSource();

    @Option(names = "--csv", paramLabel = "FILE", description = "Default: bench/results/peers.csv.")
    private String csv;

    @Option(names = "--charts", paramLabel = "DIR", description = "Directory for PNG charts; '' for none.")
    private String charts;

    /** The context the options describe, concluded. */
    public PeersContext context()
    {
        final PeersContext ctx = new PeersContext();
        if (quick)
        {
            ctx.quick();
        }
        ctx.applyProperties(config.properties());
        final Properties properties = new Properties();
        put(properties, PeersContext.POCKET_PROP_NAME, servers.pocket());
        put(properties, PeersContext.REDIS_PROP_NAME, servers.redis());
        put(properties, PeersContext.MEMCACHED_PROP_NAME, servers.memcached());
        put(properties, PeersContext.SYSTEMS_PROP_NAME, systems);
        put(properties, PeersContext.OPS_PROP_NAME, ops);
        put(properties, PeersContext.SIZES_PROP_NAME, sizes);
        put(properties, PeersContext.CLIENTS_PROP_NAME, clients);
        put(properties, PeersContext.DURATION_PROP_NAME, duration);
        put(properties, PeersContext.WARMUP_PROP_NAME, warmup);
        put(properties, PeersContext.MEMORY_PROP_NAME, memory);
        put(properties, PeersContext.MEMCACHED_CONNECTIONS_PROP_NAME, memcachedConnections);
        put(properties, PeersContext.MEMCACHED_ITEM_MAX_PROP_NAME, memcachedItemMax);
        put(properties, PeersContext.CSV_PROP_NAME, csv);
        put(properties, PeersContext.CHARTS_PROP_NAME, charts);
        return ctx.applyProperties(properties).conclude();
    }

    @Override
    public Integer call()
    {
        final PeersContext ctx = context();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final PeersGrid.Outcome outcome = run(ctx, ClientContext.fromProperties(config.properties()), err);
        PeersTable.lines(outcome.results()).forEach(out::println);
        out.flush();
        PeersCsv.write(ctx.csv(), outcome.results());
        err.println("[peers] wrote " + ctx.csv());
        if (ctx.charts() != null && !outcome.results().isEmpty())
        {
            for (final Path file : PeersCharts.write(ctx.charts(), outcome.results()))
            {
                err.println("[peers] wrote " + file);
            }
        }
        outcome.failures().forEach((line) -> err.println("[peers] " + line));
        err.flush();
        return outcome.failures().isEmpty() ? 0 : 2;
    }

    /** Connects to every system of {@code ctx}, runs its grid and closes the connections. */
    public static PeersGrid.Outcome run(final PeersContext ctx, final PrintWriter progress)
    {
        return run(ctx, ClientContext.fromProperties(System.getProperties()), progress);
    }

    /** As {@link #run(PeersContext, PrintWriter)} with Pocket's client options from {@code pocketOptions}. */
    public static PeersGrid.Outcome run(final PeersContext ctx, final ClientContext pocketOptions,
        final PrintWriter progress)
    {
        final Map<String, StoreProvider> providers = new LinkedHashMap<>();
        final int mostClients = ctx.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
        final long largest = ctx.sizes().stream().mapToLong(Long::longValue).max().orElse(1);
        try
        {
            for (final String system : ctx.systems())
            {
                providers.put(system, connect(ctx, system, mostClients, (int)largest, pocketOptions));
            }
            return new PeersGrid(ctx, providers, progress).run();
        }
        finally
        {
            closeAll(List.copyOf(providers.values()));
        }
    }

    private static StoreProvider connect(
        final PeersContext ctx, final String system, final int mostClients, final int largest,
        final ClientContext pocketOptions)
    {
        switch (system)
        {
            case "pocket":
                return new PocketStoreProvider(ctx.pocket(), mostClients, pocketOptions);
            case "redis":
                return new RedisStoreProvider(ctx.redis());
            case "memcached":
                return new MemcachedStoreProvider(ctx.memcached(), ctx.memcachedConnections(), largest);
            default:
                throw new InvalidArgumentException(PeersContext.SYSTEMS_PROP_NAME + ": unknown system " + system);
        }
    }

    private static void closeAll(final List<StoreProvider> providers)
    {
        RuntimeException failure = null;
        for (final StoreProvider provider : providers)
        {
            try
            {
                provider.close();
            }
            catch (final RuntimeException ex)
            {
                if (failure == null)
                {
                    failure = ex;
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    private static void put(final Properties properties, final String key, final String value)
    {
        if (value != null)
        {
            properties.setProperty(key, value);
        }
    }
}
