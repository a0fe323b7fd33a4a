package io.pocket.controlplane.metadata.core;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightMapTest
{
    private static final int DRAWS = 100_000;
    /** Largest accepted difference between a server's observed share of draws and its expected share. */
    private static final double SHARE_TOLERANCE = 0.01;

    @Test
    void sharesMatchWeights()
    {
        assertShares(Map.of(1, 0.5, 2, 0.3, 3, 0.2), 1L);
        assertShares(Map.of(1, 1.0, 2, 0.0), 2L);
        assertShares(Map.of(7, 0.4), 3L);
        assertShares(Map.of(10, 3.0, 20, 1.0, 30, 0.0, 40, 4.0), 4L);
    }

    @Test
    void sharesMatchWeightsWithManyServers()
    {
        final Map<Integer, Double> weights = new HashMap<>();
        for (int i = 0; i < 50; i++)
        {
            weights.put(100 + i, (double)(i % 5));
        }

        assertShares(weights, 5L);
    }

    @Test
    void zeroWeightServersAreNeverChosen()
    {
        final WeightMap map = WeightMap.of(Map.of(1, 0.0, 2, 1.0, 3, 0.0, 4, 2.0, 5, 0.0));
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < DRAWS; i++)
        {
            final int serverId = map.choose(random);
            assertTrue(serverId == 2 || serverId == 4, "chose zero-weight server " + serverId);
        }
    }

    @Test
    void noChoiceWhenEmptyOrAllZero()
    {
        final SplittableRandom random = new SplittableRandom(1);
        for (final WeightMap map : new WeightMap[]{ WeightMap.EMPTY, WeightMap.of(Map.of()),
            WeightMap.of(Map.of(1, 0.0, 2, 0.0)) })
        {
            assertFalse(map.canChoose());
            assertEquals(-1, map.choose(random));
            assertEquals(-1, map.choose(random, id -> true));
        }
    }

    @Test
    void invalidWeightsAreRejected()
    {
        for (final double bad : new double[]{ Double.NaN, -0.1, -1.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY })
        {
            assertThrows(IllegalArgumentException.class, () -> WeightMap.of(Map.of(1, bad)), "weight " + bad);
            assertThrows(IllegalArgumentException.class, () -> WeightMap.builder().put(1, 0.5).put(2, bad));
        }
        assertThrows(IllegalArgumentException.class, () -> WeightMap.builder().put(1, 0.5).put(1, 0.5));
        assertThrows(
            IllegalArgumentException.class, () -> WeightMap.of(Map.of(1, Double.MAX_VALUE, 2, Double.MAX_VALUE)));

        final Map<Integer, Double> withNull = new HashMap<>();
        withNull.put(1, null);
        assertThrows(IllegalArgumentException.class, () -> WeightMap.of(withNull));
    }

    @Test
    void choiceAmongEligibleServersIsRenormalised()
    {
        final WeightMap map = WeightMap.of(Map.of(1, 0.5, 2, 0.3, 3, 0.2));
        final SplittableRandom random = new SplittableRandom(21);
        final IntPredicate notServerOne = id -> id != 1;
        final int[] counts = new int[4];
        for (int i = 0; i < DRAWS; i++)
        {
            counts[map.choose(random, notServerOne)]++;
        }

        assertEquals(0, counts[1]);
        assertEquals(0.6, counts[2] / (double)DRAWS, SHARE_TOLERANCE);
        assertEquals(0.4, counts[3] / (double)DRAWS, SHARE_TOLERANCE);
        assertEquals(-1, map.choose(random, id -> false));
        assertEquals(3, map.choose(random, id -> id == 3));
    }

    @Test
    void sameSeedGivesSameChoices()
    {
        final WeightMap map = WeightMap.of(Map.of(1, 0.5, 2, 0.3, 3, 0.2));
        final SplittableRandom a = new SplittableRandom(99);
        final SplittableRandom b = new SplittableRandom(99);
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(map.choose(a), map.choose(b));
        }
    }

    @Test
    void accessorsReportServersInIdOrder()
    {
        final WeightMap map = WeightMap.builder().put(9, 0.25).put(3, 0.75).put(5, 0.0).build();

        assertEquals(3, map.size());
        assertEquals(3, map.serverIdAt(0));
        assertEquals(5, map.serverIdAt(1));
        assertEquals(9, map.serverIdAt(2));
        assertEquals(0.75, map.weightAt(0));
        assertEquals(0.25, map.weight(9));
        assertEquals(0.0, map.weight(42));
        assertTrue(map.contains(5));
        assertFalse(map.contains(42));
        assertEquals(1.0, map.totalWeight());
        assertEquals(WeightMap.of(Map.of(3, 0.75, 5, 0.0, 9, 0.25)), map);
        assertEquals(WeightMap.equal(1, 2), WeightMap.of(Map.of(1, 1.0, 2, 1.0)));
    }

    @Test
    void drawsDoNotAllocate()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final WeightMap map = WeightMap.of(Map.of(1, 0.5, 2, 0.3, 3, 0.2));
        final SplittableRandom random = new SplittableRandom(5);
        final IntPredicate eligible = id -> id != 2;
        long sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            sum += map.choose(random) + map.choose(random, eligible);
        }

        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 1_000_000; i++)
        {
            sum += map.choose(random) + map.choose(random, eligible);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(sum > 0);
        assertTrue(allocated < 1_000_000, "2M draws allocated " + allocated + " bytes");
    }

    private static void assertShares(final Map<Integer, Double> weights, final long seed)
    {
        final WeightMap map = WeightMap.of(weights);
        final SplittableRandom random = new SplittableRandom(seed);
        final Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < DRAWS; i++)
        {
            counts.merge(map.choose(random), 1, Integer::sum);
        }

        final double total = map.totalWeight();
        for (final Map.Entry<Integer, Double> e : weights.entrySet())
        {
            final double observed = counts.getOrDefault(e.getKey(), 0) / (double)DRAWS;
            assertEquals(e.getValue() / total, observed, SHARE_TOLERANCE, "share of server " + e.getKey());
            if (0.0 == e.getValue())
            {
                assertEquals(0, counts.getOrDefault(e.getKey(), 0), "zero-weight server " + e.getKey());
            }
        }
        assertFalse(counts.containsKey(-1));
    }
}
