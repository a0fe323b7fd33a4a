package io.pocket.bench.jmh;

import io.pocket.controlplane.metadata.core.WeightMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Block placement: a weighted random draw of a storage server ({@link WeightMap#choose}) over 4 and 64
 * servers with unequal weights, and the draw with an eligibility filter when every server can take the
 * block (the fast path) and when one server is full (its draws fall to the renormalising scan).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WeightMapBenchmark
{
    @Param({"4", "64"})
    public int servers;

    private final SplittableRandom random = new SplittableRandom(42);
    private final IntPredicate allEligible = (serverId) -> true;
    private WeightMap weights;
    private IntPredicate firstServerFull;

    @Setup
    public void setUp()
    {
        final WeightMap.Builder builder = WeightMap.builder();
        final SplittableRandom weightRandom = new SplittableRandom(7);
        for (int i = 0; i < servers; i++)
        {
            builder.put(100 + i, 0.5 + weightRandom.nextDouble());
        }
        weights = builder.build();
        final int full = weights.serverIdAt(0);
        firstServerFull = (serverId) -> serverId != full;
    }

    @Benchmark
    public int choose()
    {
        return weights.choose(random);
    }

    @Benchmark
    public int chooseAllEligible()
    {
        return weights.choose(random, allEligible);
    }

    @Benchmark
    public int chooseOneServerFull()
    {
        return weights.choose(random, firstServerFull);
    }
}
