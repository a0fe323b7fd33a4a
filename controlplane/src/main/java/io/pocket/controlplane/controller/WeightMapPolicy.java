package io.pocket.controlplane.controller;

import io.pocket.client.OutOfCapacityException;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.WeightEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides a new job's weight map: which storage servers get its blocks and in what shares.
 *
 * <p>Today: equal weights over every storage server that is alive, not being drained and offers
 * at least one of the job's tiers ({@link TierPolicy}); the other hints are validated but not yet
 * used.
 *
 * <p>The paper's policy (§4.1), which this class is the place for: turn the hints into a
 * throughput T and a capacity C (N lambdas x per-lambda throughput; or C = D, T = B, the other in
 * the node's capacity/throughput ratio; generous defaults with no hints), pick the cheapest tier
 * that meets them (no DRAM for latency-insensitive jobs), then bin-pack the job onto existing
 * servers first, giving under-used servers higher weights and servers being removed weight 0, and
 * ask for new servers only when the existing ones cannot hold it. Inputs for that are already at
 * hand: each server's registered capacity and its last heartbeat (cpu, network, per-tier use).
 */
final class WeightMapPolicy
{
    /**
     * The weight map for a job with these hints and tiers over the known servers (alive or not).
     *
     * @param tiers the job's tier order, from {@link TierPolicy}
     * @return entries sorted by server id, weights summing to 1
     * @throws OutOfCapacityException when no server can take the job
     */
    List<WeightEntry> weightsFor(final RegisterJob hints, final List<Integer> tiers,
        final Iterable<StorageServerRecord> servers)
    {
        int eligible = 0;
        for (final StorageServerRecord s : servers)
        {
            if (eligible(s, tiers))
            {
                eligible++;
            }
        }
        if (eligible == 0)
        {
            throw new OutOfCapacityException("no storage server is available");
        }
        final double weight = 1.0 / eligible;
        final List<WeightEntry> weights = new ArrayList<>(eligible);
        for (final StorageServerRecord s : servers)
        {
            if (eligible(s, tiers))
            {
                weights.add(new WeightEntry(s.id(), weight));
            }
        }
        weights.sort((a, b) -> Integer.compare(a.serverId(), b.serverId()));
        return weights;
    }

    private static boolean eligible(final StorageServerRecord server, final List<Integer> tiers)
    {
        if (!server.acceptsJobs())
        {
            return false;
        }
        for (final int tier : tiers)
        {
            if (server.offersTier(tier))
            {
                return true;
            }
        }
        return false;
    }
}
