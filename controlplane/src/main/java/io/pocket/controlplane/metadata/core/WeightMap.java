package io.pocket.controlplane.metadata.core;

import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.WeightEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * A job's placement: an immutable map of storage server id to weight, the share of a job's blocks a
 * server should get, and the job's tier order, the tier codes its blocks may go to, most preferred
 * first (a later tier is used only when no server of the map has room in the earlier ones; no tiers
 * = any tier, each server's lowest tier with room). {@link #choose(RandomGenerator)} draws a server
 * with probability weight / sum of weights using a cumulative array and a binary search: O(log n)
 * and no allocation per draw. Servers with weight 0 are never chosen. Weights must be finite and
 * non-negative.
 */
public final class WeightMap
{
    private static final int[] NO_TIERS = new int[0];

    /** A map with no servers: no choice is possible. */
    public static final WeightMap EMPTY = new WeightMap(new int[0], new double[0], NO_TIERS);

    /** Highest tier code (tiers travel as one byte). */
    public static final int MAX_TIER = 255;

    private final int[] serverIds;
    private final double[] weights;
    private final double[] cumulative;
    private final double totalWeight;
    private final int lastPositiveIndex;
    private final int[] tiers;

    private WeightMap(final int[] serverIds, final double[] weights, final int[] tiers)
    {
        this.serverIds = serverIds;
        this.weights = weights;
        this.tiers = tiers;
        this.cumulative = new double[weights.length];

        double sum = 0.0;
        int lastPositive = -1;
        for (int i = 0; i < weights.length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
            if (weights[i] > 0.0)
            {
                lastPositive = i;
            }
        }

        if (Double.isInfinite(sum))
        {
            throw new IllegalArgumentException("sum of weights overflows: " + Arrays.toString(weights));
        }

        this.totalWeight = sum;
        this.lastPositiveIndex = lastPositive;
    }

    /**
     * A weight map from server id to weight.
     *
     * @throws IllegalArgumentException if a weight is NaN, negative or infinite, or a key or value is null
     */
    public static WeightMap of(final Map<Integer, Double> weightByServer)
    {
        final Builder builder = new Builder();
        for (final Map.Entry<Integer, Double> e : weightByServer.entrySet())
        {
            if (null == e.getKey() || null == e.getValue())
            {
                throw new IllegalArgumentException("null server id or weight in " + weightByServer);
            }
            builder.put(e.getKey(), e.getValue());
        }

        return builder.build();
    }

    /** Equal weight 1 for each of the given servers. */
    public static WeightMap equal(final int... serverIds)
    {
        final Builder builder = new Builder();
        for (final int serverId : serverIds)
        {
            builder.put(serverId, 1.0);
        }

        return builder.build();
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The placement a CREATE_JOB or SET_WEIGHTS message carries.
     *
     * @throws IllegalArgumentException if a weight or tier is invalid, or a server or tier is given twice
     */
    public static WeightMap from(final JobWeights message)
    {
        final Builder builder = new Builder();
        final List<WeightEntry> entries = message.weights();
        for (int i = 0, size = entries.size(); i < size; i++)
        {
            builder.put(entries.get(i).serverId(), entries.get(i).weight());
        }
        final List<Integer> tierList = message.tiers();
        final int[] tierCodes = new int[tierList.size()];
        for (int i = 0; i < tierCodes.length; i++)
        {
            tierCodes[i] = tierList.get(i);
        }

        return builder.build().withTiers(tierCodes);
    }

    /** This map as a CREATE_JOB or SET_WEIGHTS message of job {@code jobId} carries it. */
    public JobWeights toMessage(final String jobId)
    {
        final List<WeightEntry> entries = new ArrayList<>(serverIds.length);
        for (int i = 0; i < serverIds.length; i++)
        {
            entries.add(new WeightEntry(serverIds[i], weights[i]));
        }
        final List<Integer> tierList = new ArrayList<>(tiers.length);
        for (final int tier : tiers)
        {
            tierList.add(tier);
        }

        return new JobWeights(jobId, entries, tierList);
    }

    /**
     * The same weights with a tier order, most preferred first; none = any tier.
     *
     * @throws IllegalArgumentException if a tier code is outside [0, {@link #MAX_TIER}] or given twice
     */
    public WeightMap withTiers(final int... tierOrder)
    {
        for (int i = 0; i < tierOrder.length; i++)
        {
            if (tierOrder[i] < 0 || tierOrder[i] > MAX_TIER)
            {
                throw new IllegalArgumentException("invalid tier " + tierOrder[i] + " in " + Arrays.toString(tierOrder));
            }
            for (int j = 0; j < i; j++)
            {
                if (tierOrder[j] == tierOrder[i])
                {
                    throw new IllegalArgumentException("tier " + tierOrder[i] + " given twice in " +
                        Arrays.toString(tierOrder));
                }
            }
        }

        return new WeightMap(serverIds, weights, tierOrder.length == 0 ? NO_TIERS : tierOrder.clone());
    }

    /** Number of tiers in the tier order; 0 = any tier. */
    public int tierCount()
    {
        return tiers.length;
    }

    /** Tier code at a position of the tier order, in [0, tierCount()). */
    public int tierAt(final int index)
    {
        return tiers[index];
    }

    /**
     * A server drawn with probability weight / {@link #totalWeight()}.
     *
     * @return the server id, or -1 when no server has a positive weight
     */
    public int choose(final RandomGenerator random)
    {
        if (lastPositiveIndex < 0)
        {
            return -1;
        }

        return serverIds[indexOf(random.nextDouble() * totalWeight)];
    }

    /**
     * A server drawn by weight among those that pass {@code eligible}. One draw over all servers is
     * tried first; if its server is not eligible the weights of the eligible servers are renormalised
     * and drawn from again (a linear scan, the rare path when a server is full or lost).
     *
     * @param random   source of randomness
     * @param eligible whether a server can take a block now; called several times per server, so it
     *                 must give the same answer for the duration of the call
     * @return the server id, or -1 when no eligible server has a positive weight
     */
    public int choose(final RandomGenerator random, final IntPredicate eligible)
    {
        if (lastPositiveIndex < 0)
        {
            return -1;
        }

        final int first = serverIds[indexOf(random.nextDouble() * totalWeight)];
        if (eligible.test(first))
        {
            return first;
        }

        double eligibleWeight = 0.0;
        int lastEligible = -1;
        for (int i = 0; i < serverIds.length; i++)
        {
            if (weights[i] > 0.0 && eligible.test(serverIds[i]))
            {
                eligibleWeight += weights[i];
                lastEligible = i;
            }
        }

        if (lastEligible < 0)
        {
            return -1;
        }

        double remaining = random.nextDouble() * eligibleWeight;
        for (int i = 0; i < lastEligible; i++)
        {
            if (weights[i] > 0.0 && eligible.test(serverIds[i]))
            {
                if (remaining < weights[i])
                {
                    return serverIds[i];
                }
                remaining -= weights[i];
            }
        }

        return serverIds[lastEligible];
    }

    /** Whether at least one server has a positive weight. */
    public boolean canChoose()
    {
        return lastPositiveIndex >= 0;
    }

    /** Number of servers in the map, including those with weight 0. */
    public int size()
    {
        return serverIds.length;
    }

    /** Server id at an index in [0, size()), in ascending server id order. */
    public int serverIdAt(final int index)
    {
        return serverIds[index];
    }

    /** Weight at an index in [0, size()). */
    public double weightAt(final int index)
    {
        return weights[index];
    }

    /** Weight of a server, 0 if it is not in the map. */
    public double weight(final int serverId)
    {
        final int index = Arrays.binarySearch(serverIds, serverId);

        return index >= 0 ? weights[index] : 0.0;
    }

    public boolean contains(final int serverId)
    {
        return Arrays.binarySearch(serverIds, serverId) >= 0;
    }

    public double totalWeight()
    {
        return totalWeight;
    }

    private int indexOf(final double point)
    {
        int low = 0;
        int high = lastPositiveIndex;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (cumulative[mid] > point)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    @Override
    public boolean equals(final Object o)
    {
        return this == o ||
            (o instanceof WeightMap that && Arrays.equals(serverIds, that.serverIds) &&
                Arrays.equals(weights, that.weights) && Arrays.equals(tiers, that.tiers));
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * Arrays.hashCode(serverIds) + Arrays.hashCode(weights)) + Arrays.hashCode(tiers);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("WeightMap{");
        for (int i = 0; i < serverIds.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(serverIds[i]).append('=').append(weights[i]);
        }
        if (tiers.length > 0)
        {
            sb.append("; tiers ").append(Arrays.toString(tiers));
        }

        return sb.append('}').toString();
    }

    /** Collects server weights; each server at most once. */
    public static final class Builder
    {
        private int[] serverIds = new int[8];
        private double[] weights = new double[8];
        private int size;

        /**
         * @throws IllegalArgumentException if the weight is NaN, negative or infinite, or the server was already put
         */
        public Builder put(final int serverId, final double weight)
        {
            if (Double.isNaN(weight) || Double.isInfinite(weight) || weight < 0.0)
            {
                throw new IllegalArgumentException("invalid weight " + weight + " for storage server " + serverId);
            }

            for (int i = 0; i < size; i++)
            {
                if (serverIds[i] == serverId)
                {
                    throw new IllegalArgumentException("storage server " + serverId + " given twice");
                }
            }

            if (size == serverIds.length)
            {
                serverIds = Arrays.copyOf(serverIds, size * 2);
                weights = Arrays.copyOf(weights, size * 2);
            }
            serverIds[size] = serverId;
            weights[size] = weight;
            size++;

            return this;
        }

        public WeightMap build()
        {
            final Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++)
            {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(serverIds[a], serverIds[b]));

            final int[] sortedIds = new int[size];
            final double[] sortedWeights = new double[size];
            for (int i = 0; i < size; i++)
            {
                sortedIds[i] = serverIds[order[i]];
                sortedWeights[i] = weights[order[i]];
            }

            return new WeightMap(sortedIds, sortedWeights, NO_TIERS);
        }
    }
}
