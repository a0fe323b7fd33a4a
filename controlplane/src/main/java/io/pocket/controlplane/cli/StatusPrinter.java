package io.pocket.controlplane.cli;

import io.pocket.client.Sizes;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierUsage;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Prints {@code pocket status}: metadata servers, storage servers with their state (alive, suspect,
 * lost), the time since their last heartbeat and capacity per tier, the cluster's capacity in all and
 * per tier, and jobs with their tier placement. Lost servers stay listed for the controller's
 * retention time ({@code pocket.controller.lostRetentionMs}).
 */
final class StatusPrinter
{
    private static final String[] TIER_NAMES = {"dram", "nvme", "disk"};

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
        out.printf(Locale.ROOT, "  %-4s %-22s %-7s %-5s %-10s %10s %10s %10s %6s %8s%n",
            "id", "address", "state", "tier", "block", "used", "free", "total", "cpu", "silent");
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
                out.printf(Locale.ROOT, "  %-4d %-22s %-7s %-5s %-10s %10s %10s %10s %5.0f%% %7.1fs%n",
                    s.serverId(), s.address(), state(s), tierName(t.tier()),
                    Sizes.format(t.blockSize()), Sizes.format(u), Sizes.format(f), Sizes.format(u + f),
                    Math.max(0, s.cpu()) * 100, s.silentMs() / 1000.0);
            }
        }
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

    /** alive, suspect (alive but two heartbeats late) or lost. */
    private static String state(final ServerStatus server)
    {
        return !server.alive() ? "lost" : server.suspected() ? "suspect" : "alive";
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
