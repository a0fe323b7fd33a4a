package io.pocket.controlplane.cli;

import io.pocket.client.Sizes;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierUsage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Prints {@code pocket status}: metadata servers, storage servers with their state (alive, suspect,
 * lost, left), the time since their last heartbeat and capacity per tier, the cluster's capacity in all and
 * per tier, and jobs with their tier placement. Lost and left servers stay listed for the controller's
 * retention time ({@code pocket.controller.lostRetentionMs}).
 */
final class StatusPrinter
{
    private static final String[] TIER_NAMES = {"dram", "nvme", "disk"};
    /** Columns id, address, state, tier and block are text, left-aligned; the others numbers. */
    private static final int LEFT_ALIGNED = 5;

    private StatusPrinter()
    {
    }

    static String tierName(final int tier)
    {
        return tier >= 0 && tier < TIER_NAMES.length ? TIER_NAMES[tier] : "tier" + tier;
    }

    static void print(final ClusterStatus status, final PrintStream out)
    {
        out.println("metadata servers: " + (status.metadataAddresses().isEmpty() ? "none" :
            String.join(", ", status.metadataAddresses())));
        long used = 0;
        long free = 0;
        final TreeMap<Integer, long[]> usedFreeByTier = new TreeMap<>();
        out.println("storage servers: " + status.servers().size());
        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"id", "address", "state", "tier", "block", "used", "free", "total", "cpu", "silent"});
        for (final ServerStatus s : status.servers())
        {
            for (final TierUsage t : s.tiers())
            {
                final long u = t.usedBlocks() * t.blockSize();
                final long f = t.freeBlocks() * t.blockSize();
                if (s.alive())
                {
                    used += u;
                    free += f;
                    final long[] tierTotals = usedFreeByTier.computeIfAbsent(t.tier(), k -> new long[2]);
                    tierTotals[0] += u;
                    tierTotals[1] += f;
                }
                rows.add(new String[]{Integer.toString(s.serverId()), s.address(), state(s), tierName(t.tier()),
                    Sizes.format(t.blockSize()), Sizes.format(u), Sizes.format(f), Sizes.format(u + f),
                    String.format(Locale.ROOT, "%.0f%%", Math.max(0, s.cpu()) * 100),
                    String.format(Locale.ROOT, "%.1fs", s.silentMs() / 1000.0)});
            }
        }
        printTable(rows, out);
        out.println("capacity: used " + Sizes.format(used) + ", free " + Sizes.format(free) + ", total " +
            Sizes.format(used + free));
        usedFreeByTier.forEach((tier, usedFree) -> out.println("  " + tierName(tier) + ": used " +
            Sizes.format(usedFree[0]) + ", free " + Sizes.format(usedFree[1]) + ", total " +
            Sizes.format(usedFree[0] + usedFree[1])));
        out.println("jobs: " + status.jobs().size());
        for (final JobStatus j : status.jobs())
        {
            out.println("  " + j.jobId() + "  (metadata " + j.metadataAddress() + ")" + tierSuffix(j.tiers()));
        }
    }

    /**
     * Prints {@code rows} (the header first) indented by two spaces, each column as wide as its widest cell: text
     * columns (id to block) left-aligned, numbers right-aligned.
     */
    private static void printTable(final List<String[]> rows, final PrintStream out)
    {
        final int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> Arrays.setAll(widths, i -> Math.max(widths[i], row[i].length())));
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.length; i++)
            {
                final String pad = " ".repeat(widths[i] - row[i].length());
                line.append(' ').append(i < LEFT_ALIGNED ? row[i] + pad : pad + row[i]);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** alive, suspect (alive but two heartbeats late), lost, or left (stopped cleanly). */
    static String state(final ServerStatus server)
    {
        return !server.alive() ? server.left() ? "left" : "lost" : server.suspected() ? "suspect" : "alive";
    }

    /** {@code "  tiers dram>nvme"} for a job's tier order, empty for no preference. */
    private static String tierSuffix(final List<Integer> tiers)
    {
        if (tiers.isEmpty())
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder("  tiers ");
        for (int i = 0; i < tiers.size(); i++)
        {
            sb.append(i == 0 ? "" : ">").append(tierName(tiers.get(i)));
        }
        return sb.toString();
    }
}
