package io.pocket.bench.peers;

import io.pocket.bench.Durations;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.config.ConfigValues;
import io.pocket.transport.HostPort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Configuration of the peers benchmark: which systems, where they listen, the grid (ops x sizes x
 * clients), the time per cell, the memory budget each system was given, and where results go.
 * {@link #conclude()} checks everything and that the grid fits the budget.
 */
public final class PeersContext
{
    public static final String SYSTEMS_PROP_NAME = "pocket.peers.systems";
    public static final String POCKET_PROP_NAME = "pocket.peers.pocket";
    public static final String REDIS_PROP_NAME = "pocket.peers.redis";
    public static final String MEMCACHED_PROP_NAME = "pocket.peers.memcached";
    public static final String OPS_PROP_NAME = "pocket.peers.ops";
    public static final String SIZES_PROP_NAME = "pocket.peers.sizes";
    public static final String CLIENTS_PROP_NAME = "pocket.peers.clients";
    public static final String DURATION_PROP_NAME = "pocket.peers.duration";
    public static final String WARMUP_PROP_NAME = "pocket.peers.warmup";
    public static final String MEMORY_PROP_NAME = "pocket.peers.memory";
    public static final String MEMCACHED_CONNECTIONS_PROP_NAME = "pocket.peers.memcachedConnections";
    public static final String MEMCACHED_ITEM_MAX_PROP_NAME = "pocket.peers.memcachedItemMax";
    public static final String CSV_PROP_NAME = "pocket.peers.csv";
    public static final String CHARTS_PROP_NAME = "pocket.peers.charts";

    /** Prefix of every key of this context. */
    public static final String PREFIX = "pocket.peers.";

    /** Every key of this context. */
    public static final Set<String> KNOWN_PROPS = Set.of(SYSTEMS_PROP_NAME, POCKET_PROP_NAME, REDIS_PROP_NAME,
        MEMCACHED_PROP_NAME, OPS_PROP_NAME, SIZES_PROP_NAME, CLIENTS_PROP_NAME, DURATION_PROP_NAME, WARMUP_PROP_NAME,
        MEMORY_PROP_NAME, MEMCACHED_CONNECTIONS_PROP_NAME, MEMCACHED_ITEM_MAX_PROP_NAME, CSV_PROP_NAME,
        CHARTS_PROP_NAME);

    public static final List<String> ALL_SYSTEMS = List.of("pocket", "redis", "memcached");
    public static final long MAX_SIZE = 256L << 20;
    public static final int MAX_CLIENTS = 1024;
    /** Bytes the stored set of a get cell may take beyond one object per client. */
    public static final long STORED_BYTES_CAP = 256L << 20;
    /** Most objects stored for a get cell beyond one per client. */
    public static final int STORED_OBJECTS_CAP = 1000;
    /** Bytes of an item's header and key that memcached's {@code -I} limit must allow on top of the value. */
    public static final long ITEM_OVERHEAD = 1024;

    private List<String> systems = ALL_SYSTEMS;
    private String pocket = "";
    private String redis = "";
    private String memcached = "";
    private List<PeerOp> ops = List.of(PeerOp.PUT, PeerOp.GET);
    private List<Long> sizes = List.of(1L << 10, 64L << 10, 1L << 20, 16L << 20);
    private List<Integer> clients = List.of(1, 16, 64);
    private long durationNanos = Durations.parseNanos(DURATION_PROP_NAME, "10s");
    private long warmupNanos = Durations.parseNanos(WARMUP_PROP_NAME, "2s");
    private long memory = 4L << 30;
    private int memcachedConnections = 16;
    private long memcachedItemMax = 32L << 20;
    private Path csv = Path.of("bench/results/peers.csv");
    private Path charts = Path.of("bench/results");

    /** The same grid with {@code --quick}: 1 KiB and 1 MiB, 1 and 16 clients, 5 s cells, 1 s warm-up, 1 GiB. */
    public PeersContext quick()
    {
        sizes = List.of(1L << 10, 1L << 20);
        clients = List.of(1, 16);
        durationNanos = Durations.parseNanos(DURATION_PROP_NAME, "5s");
        warmupNanos = Durations.parseNanos(WARMUP_PROP_NAME, "1s");
        memory = 1L << 30;
        return this;
    }

    /**
     * Checks every option and that the largest cell fits the memory budget.
     *
     * @throws InvalidArgumentException whose message starts with the property at fault
     */
    public PeersContext conclude()
    {
        check(!systems.isEmpty() && ALL_SYSTEMS.containsAll(systems) && systems.stream().distinct().count() ==
            systems.size(), SYSTEMS_PROP_NAME, "must name some of pocket, redis, memcached once each, got " + systems);
        checkAddress(POCKET_PROP_NAME, "pocket", pocket);
        checkAddress(REDIS_PROP_NAME, "redis", redis);
        checkAddress(MEMCACHED_PROP_NAME, "memcached", memcached);
        check(!ops.isEmpty(), OPS_PROP_NAME, "must name put, get or both");
        check(!sizes.isEmpty(), SIZES_PROP_NAME, "must list at least one size");
        for (final long size : sizes)
        {
            check(size >= ValueStamp.MIN_LENGTH && size <= MAX_SIZE, SIZES_PROP_NAME, "must be between " +
                ValueStamp.MIN_LENGTH + " bytes and " + Sizes.format(MAX_SIZE) + ", got " + Sizes.format(size));
        }
        check(!clients.isEmpty(), CLIENTS_PROP_NAME, "must list at least one client count");
        for (final int count : clients)
        {
            check(count >= 1 && count <= MAX_CLIENTS, CLIENTS_PROP_NAME,
                "must be between 1 and " + MAX_CLIENTS + ", got " + count);
        }
        check(durationNanos > 0, DURATION_PROP_NAME, "must be longer than 0, got " + Durations.format(durationNanos));
        check(warmupNanos >= 0, WARMUP_PROP_NAME, "must not be negative");
        check(memcachedConnections >= 1 && memcachedConnections <= 1024, MEMCACHED_CONNECTIONS_PROP_NAME,
            "must be between 1 and 1024, got " + memcachedConnections);
        final long largest = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        final int mostClients = clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
        check(!systems.contains("memcached") || largest + ITEM_OVERHEAD <= memcachedItemMax, MEMCACHED_ITEM_MAX_PROP_NAME,
            Sizes.format(memcachedItemMax) + " does not hold a " + Sizes.format(largest) +
            " value and its header: start memcached with a larger -I");
        final long needed = 4 * mostClients * largest;
        check(memory >= needed, MEMORY_PROP_NAME, Sizes.format(memory) + " is too small for " + mostClients +
            " clients of " + Sizes.format(largest) + " objects: needs at least " + Sizes.format(needed));
        check(csv != null, CSV_PROP_NAME, "must be a file");
        return this;
    }

    /** Objects stored for get cells of {@code size} run with up to {@code clients} clients. */
    public int storedObjects(final long size, final int clients)
    {
        final long cap = Math.min(STORED_BYTES_CAP, memory / 4);
        return (int)Math.max(clients, Math.min(STORED_OBJECTS_CAP, cap / size));
    }

    /** Put keys waiting for deletion in a put cell, at most: a quarter of the budget, at least one. */
    public int pendingDeletes(final long size, final int clients)
    {
        return (int)Math.max(1, Math.min(64L * clients, memory / 4 / size));
    }

    /** Loads the properties above that {@code properties} sets, over the current values; refuses unknown ones. */
    public PeersContext applyProperties(final Properties properties)
    {
        ConfigValues.refuseUnknown(properties, PREFIX, KNOWN_PROPS);
        final String systemList = properties.getProperty(SYSTEMS_PROP_NAME);
        if (systemList != null)
        {
            systems(list(systemList, SYSTEMS_PROP_NAME, (s) -> s.toLowerCase(Locale.ROOT)));
        }
        pocket = properties.getProperty(POCKET_PROP_NAME, pocket);
        redis = properties.getProperty(REDIS_PROP_NAME, redis);
        memcached = properties.getProperty(MEMCACHED_PROP_NAME, memcached);
        final String opList = properties.getProperty(OPS_PROP_NAME);
        if (opList != null)
        {
            ops = list(opList, OPS_PROP_NAME, (s) -> PeerOp.parse(OPS_PROP_NAME, s));
        }
        final String sizeList = properties.getProperty(SIZES_PROP_NAME);
        if (sizeList != null)
        {
            sizes = list(sizeList, SIZES_PROP_NAME, (s) -> parseSize(SIZES_PROP_NAME, s));
        }
        final String clientList = properties.getProperty(CLIENTS_PROP_NAME);
        if (clientList != null)
        {
            clients = list(clientList, CLIENTS_PROP_NAME, (s) -> parseInt(CLIENTS_PROP_NAME, s));
        }
        final String duration = properties.getProperty(DURATION_PROP_NAME);
        if (duration != null)
        {
            durationNanos = Durations.parseNanos(DURATION_PROP_NAME, duration);
        }
        final String warmup = properties.getProperty(WARMUP_PROP_NAME);
        if (warmup != null)
        {
            warmupNanos = Durations.parseNanos(WARMUP_PROP_NAME, warmup);
        }
        final String budget = properties.getProperty(MEMORY_PROP_NAME);
        if (budget != null)
        {
            memory = parseSize(MEMORY_PROP_NAME, budget);
        }
        final String connections = properties.getProperty(MEMCACHED_CONNECTIONS_PROP_NAME);
        if (connections != null)
        {
            memcachedConnections = parseInt(MEMCACHED_CONNECTIONS_PROP_NAME, connections);
        }
        final String itemMax = properties.getProperty(MEMCACHED_ITEM_MAX_PROP_NAME);
        if (itemMax != null)
        {
            memcachedItemMax = parseSize(MEMCACHED_ITEM_MAX_PROP_NAME, itemMax);
        }
        final String csvPath = properties.getProperty(CSV_PROP_NAME);
        if (csvPath != null)
        {
            csv = Path.of(csvPath);
        }
        final String chartDir = properties.getProperty(CHARTS_PROP_NAME);
        if (chartDir != null)
        {
            charts = chartDir.isBlank() ? null : Path.of(chartDir);
        }
        return this;
    }

    /** A context with the defaults overridden by {@code properties}. */
    public static PeersContext fromProperties(final Properties properties)
    {
        return new PeersContext().applyProperties(properties);
    }

    public PeersContext systems(final List<String> systems)
    {
        this.systems = List.copyOf(systems);
        return this;
    }

    public List<String> systems()
    {
        return systems;
    }

    public PeersContext pocket(final String controller)
    {
        this.pocket = controller == null ? "" : controller;
        return this;
    }

    public String pocket()
    {
        return pocket;
    }

    public PeersContext redis(final String address)
    {
        this.redis = address == null ? "" : address;
        return this;
    }

    public String redis()
    {
        return redis;
    }

    public PeersContext memcached(final String address)
    {
        this.memcached = address == null ? "" : address;
        return this;
    }

    public String memcached()
    {
        return memcached;
    }

    public PeersContext ops(final List<PeerOp> ops)
    {
        this.ops = List.copyOf(ops);
        return this;
    }

    public List<PeerOp> ops()
    {
        return ops;
    }

    public PeersContext sizes(final List<Long> sizes)
    {
        this.sizes = List.copyOf(sizes);
        return this;
    }

    public List<Long> sizes()
    {
        return sizes;
    }

    public PeersContext clients(final List<Integer> clients)
    {
        this.clients = List.copyOf(clients);
        return this;
    }

    public List<Integer> clients()
    {
        return clients;
    }

    public PeersContext durationNanos(final long nanos)
    {
        this.durationNanos = nanos;
        return this;
    }

    public long durationNanos()
    {
        return durationNanos;
    }

    public PeersContext warmupNanos(final long nanos)
    {
        this.warmupNanos = nanos;
        return this;
    }

    public long warmupNanos()
    {
        return warmupNanos;
    }

    public PeersContext memory(final long bytes)
    {
        this.memory = bytes;
        return this;
    }

    public long memory()
    {
        return memory;
    }

    public PeersContext memcachedConnections(final int connections)
    {
        this.memcachedConnections = connections;
        return this;
    }

    public int memcachedConnections()
    {
        return memcachedConnections;
    }

    public PeersContext memcachedItemMax(final long bytes)
    {
        this.memcachedItemMax = bytes;
        return this;
    }

    public long memcachedItemMax()
    {
        return memcachedItemMax;
    }

    public PeersContext csv(final Path file)
    {
        this.csv = file;
        return this;
    }

    public Path csv()
    {
        return csv;
    }

    /** Directory for the PNG charts, or null for none. */
    public PeersContext charts(final Path directory)
    {
        this.charts = directory;
        return this;
    }

    public Path charts()
    {
        return charts;
    }

    private void checkAddress(final String property, final String system, final String address)
    {
        if (!systems.contains(system))
        {
            return;
        }
        check(address != null && !address.isBlank(), property, "must be HOST:PORT of " + system + ", got none");
        try
        {
            HostPort.parse(address);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(property + ": " + ex.getMessage());
        }
    }

    private static void check(final boolean condition, final String property, final String message)
    {
        if (!condition)
        {
            throw new InvalidArgumentException(property + ": " + message);
        }
    }

    private static <T> List<T> list(final String text, final String property, final Function<String, T> parse)
    {
        final List<T> values = new ArrayList<>();
        for (final String part : text.split(","))
        {
            if (!part.isBlank())
            {
                values.add(parse.apply(part.trim()));
            }
        }
        check(!values.isEmpty(), property, "must list at least one value, got '" + text + "'");
        return values;
    }

    private static long parseSize(final String property, final String text)
    {
        try
        {
            return Sizes.parseSize(text);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(property + ": " + ex.getMessage());
        }
    }

    private static int parseInt(final String property, final String text)
    {
        try
        {
            return Integer.parseInt(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidArgumentException(property + ": not a whole number: '" + text + "'");
        }
    }
}
