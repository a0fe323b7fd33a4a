package io.pocket.controlplane.controller;

import io.pocket.client.OutOfCapacityException;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.TierKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides a new job's tier placement: which tiers its blocks may go to, most preferred first
 * ({@code docs/design.md}, "Tier placement").
 * <ul>
 * <li>latency-sensitive: DRAM, then NVMe when the job's DRAM share is full;</li>
 * <li>not latency-sensitive: no DRAM unless nothing else exists: NVMe if any live server offers
 * NVMe, else disk if any offers disk, else DRAM.</li>
 * </ul>
 * Tiers no live server (that accepts jobs) offers are left out of the order.
 */
final class TierPolicy
{
    static final int DRAM = TierKind.DRAM.code();
    static final int NVME = TierKind.NVME.code();
    static final int DISK = TierKind.DISK.code();

    /**
     * The tier order for a job with these hints over the known servers (alive or not).
     *
     * @return tier codes, most preferred first, never empty
     * @throws OutOfCapacityException when no server that accepts jobs offers a tier the job may use
     */
    List<Integer> tiersFor(final RegisterJob hints, final Iterable<StorageServerRecord> servers)
    {
        if (!anyAcceptsJobs(servers))
        {
            throw new OutOfCapacityException("no storage server is available");
        }
        final List<Integer> tiers = new ArrayList<>(2);
        if (hints.latencySensitive())
        {
            addIfOffered(tiers, DRAM, servers);
            addIfOffered(tiers, NVME, servers);
            if (tiers.isEmpty())
            {
                throw new OutOfCapacityException("no storage server offers DRAM or NVMe for latency-sensitive job " +
                    hints.name());
            }
        }
        else
        {
            if (!addIfOffered(tiers, NVME, servers) && !addIfOffered(tiers, DISK, servers) &&
                !addIfOffered(tiers, DRAM, servers))
            {
                throw new OutOfCapacityException("no storage server offers NVMe, disk or DRAM for job " +
                    hints.name());
            }
        }
        return List.copyOf(tiers);
    }

    /** Whether a server that accepts jobs offers blocks of the tier. */
    static boolean offered(final int tier, final Iterable<StorageServerRecord> servers)
    {
        for (final StorageServerRecord s : servers)
        {
            if (s.acceptsJobs() && s.offersTier(tier))
            {
                return true;
            }
        }
        return false;
    }

    /** Lower-case name of a tier code ({@code dram}, {@code nvme}, {@code disk}), or {@code tierN}. */
    static String name(final int tier)
    {
        try
        {
            return TierKind.of(tier).name().toLowerCase(Locale.ROOT);
        }
        catch (final IllegalArgumentException ex)
        {
            return "tier" + tier;
        }
    }

    /** Tier names joined by {@code >}, e.g. {@code dram>nvme}. */
    static String names(final List<Integer> tiers)
    {
        final StringBuilder sb = new StringBuilder();
        for (final int tier : tiers)
        {
            sb.append(sb.length() == 0 ? "" : ">").append(name(tier));
        }
        return sb.toString();
    }

    private static boolean anyAcceptsJobs(final Iterable<StorageServerRecord> servers)
    {
        for (final StorageServerRecord s : servers)
        {
            if (s.acceptsJobs())
            {
                return true;
            }
        }
        return false;
    }

    private static boolean addIfOffered(final List<Integer> tiers, final int tier, final Iterable<StorageServerRecord> servers)
    {
        if (offered(tier, servers))
        {
            tiers.add(tier);
            return true;
        }
        return false;
    }
}
