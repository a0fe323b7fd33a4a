package io.pocket.bench.peers;

import io.pocket.client.Sizes;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the grid of a {@link PeersContext} against connected systems. Cells of the same op, size and
 * client count run back to back for each system, so a noisy moment hits all of them alike, and which
 * system runs first rotates from one such group to the next. For each size
 * the put cells come first, then the get set is stored in every system (untimed), the get cells run, and
 * the set is deleted. A failed cell is reported and the grid goes on with the others.
 */
public final class PeersGrid
{
    /** What the grid measured and which cells failed (one line each). */
    public record Outcome(List<CellResult> results, List<String> failures)
    {
        public Outcome
        {
            results = List.copyOf(results);
            failures = List.copyOf(failures);
        }
    }

    private final PeersContext ctx;
    private final Map<String, StoreProvider> providers;
    private final PrintWriter progress;
    private final CellRunner runner;
    private int cellNumber;
    private int groupNumber;

    /**
     * @param providers one connected provider per system of the context, by system name
     * @param progress  where a line per cell goes (stderr in the command line)
     */
    public PeersGrid(final PeersContext ctx, final Map<String, StoreProvider> providers, final PrintWriter progress)
    {
        this.ctx = ctx.conclude();
        this.providers = new LinkedHashMap<>(providers);
        this.progress = progress;
        this.runner = new CellRunner(ctx.warmupNanos(), ctx.durationNanos());
        for (final String system : ctx.systems())
        {
            if (!providers.containsKey(system))
            {
                throw new IllegalArgumentException("no connected store for " + system);
            }
        }
    }

    /** Cells the grid runs. */
    public int cellCount()
    {
        return ctx.systems().size() * ctx.ops().size() * ctx.sizes().size() * ctx.clients().size();
    }

    public Outcome run()
    {
        final List<CellResult> results = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final int mostClients = ctx.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
        for (final long size : ctx.sizes())
        {
            final ValueStamp values = new ValueStamp((int)size);
            for (final PeerOp op : ctx.ops())
            {
                final Map<String, StoredSet> sets = new HashMap<>();
                final Map<String, String> setFailures = new HashMap<>();
                if (op == PeerOp.GET)
                {
                    storeSets(size, values, mostClients, sets, setFailures);
                }
                for (final int clients : ctx.clients())
                {
                    for (final String system : rotated(ctx.systems(), groupNumber++))
                    {
                        final Cell cell = new Cell(system, op, size, clients);
                        cellNumber++;
                        if (setFailures.containsKey(system))
                        {
                            fail(failures, cell, setFailures.get(system));
                            continue;
                        }
                        runCell(cell, values, sets.get(system), results, failures);
                    }
                }
                for (final Map.Entry<String, StoredSet> set : sets.entrySet())
                {
                    deleteSet(set.getKey(), set.getValue());
                }
            }
        }
        return new Outcome(results, failures);
    }

    /** The systems starting with the {@code group}-th (mod their count), so no system always runs first. */
    static List<String> rotated(final List<String> systems, final int group)
    {
        final List<String> order = new ArrayList<>(systems.size());
        for (int i = 0; i < systems.size(); i++)
        {
            order.add(systems.get((group + i) % systems.size()));
        }
        return order;
    }

    private void storeSets(
        final long size,
        final ValueStamp values,
        final int mostClients,
        final Map<String, StoredSet> sets,
        final Map<String, String> setFailures)
    {
        final int count = ctx.storedObjects(size, mostClients);
        for (final String system : ctx.systems())
        {
            final StoredSet set = new StoredSet(providers.get(system), values, "g" + size, count);
            print("[peers] storing %d objects of %s in %s (untimed, each read back and checked)",
                count, Sizes.format(size), system);
            try
            {
                set.store();
                sets.put(system, set);
            }
            catch (final RuntimeException ex)
            {
                setFailures.put(system, "storing the get set failed: " + ex.getMessage());
                deleteSet(system, set);
            }
        }
    }

    private void runCell(
        final Cell cell,
        final ValueStamp values,
        final StoredSet set,
        final List<CellResult> results,
        final List<String> failures)
    {
        print("[peers] cell %d/%d: %s (warm-up %s, measuring %s)", cellNumber, cellCount(), cell.describe(),
            io.pocket.bench.Durations.format(ctx.warmupNanos()), io.pocket.bench.Durations.format(ctx.durationNanos()));
        try
        {
            final CellResult result = runner.run(
                providers.get(cell.system()), cell, values, set == null ? new String[0] : set.keys(),
                "p" + cellNumber, ctx.pendingDeletes(cell.size(), cell.clients()));
            results.add(result);
            print("[peers] cell %d/%d: %s: %.0f ops/s %.1f MB/s p50 %d us p99 %d us", cellNumber, cellCount(),
                cell.describe(), result.opsPerSecond(), result.mbPerSecond(), result.p50Micros(), result.p99Micros());
        }
        catch (final RuntimeException ex)
        {
            fail(failures, cell, ex.toString());
        }
    }

    private void deleteSet(final String system, final StoredSet set)
    {
        try
        {
            set.delete();
        }
        catch (final RuntimeException ex)
        {
            print("[peers] %s: deleting the get set failed: %s", system, ex);
        }
    }

    private void fail(final List<String> failures, final Cell cell, final String reason)
    {
        final String line = cell.describe() + ": FAILED: " + reason;
        failures.add(line);
        print("[peers] cell %d/%d: %s", cellNumber, cellCount(), line);
    }

    private void print(final String format, final Object... args)
    {
        progress.println(String.format(Locale.ROOT, format, args));
        progress.flush();
    }
}
