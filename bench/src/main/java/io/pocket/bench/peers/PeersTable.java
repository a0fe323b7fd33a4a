package io.pocket.bench.peers;

import io.pocket.client.Sizes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table printed on stdout: a Markdown table, one row per cell in run order (so the systems of one
 * op, size and client count are adjacent), plus a column with each system's throughput relative to the
 * best of that cell group.
 */
public final class PeersTable
{
    private PeersTable()
    {
    }

    public static List<String> lines(final List<CellResult> results)
    {
        final List<String> lines = new ArrayList<>(results.size() + 2);
        lines.add("| system | op | size | clients | ops/s | MB/s | p50 µs | p99 µs | vs best ops/s |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        for (final CellResult result : results)
        {
            final Cell cell = result.cell();
            final double best = results.stream()
                .filter((other) -> other.cell().op() == cell.op() && other.cell().size() == cell.size() &&
                    other.cell().clients() == cell.clients())
                .mapToDouble(CellResult::opsPerSecond).max().orElse(0);
            lines.add(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %.1f | %d | %d | %.2f |",
                cell.system(), cell.op().label(), Sizes.format(cell.size()), cell.clients(),
                Math.round(result.opsPerSecond()), result.mbPerSecond(), result.p50Micros(), result.p99Micros(),
                best > 0 ? result.opsPerSecond() / best : 0));
        }
        return lines;
    }
}
