package io.pocket.bench.jmh;

/**
 * Runs the Pocket microbenchmarks with JMH's command line, e.g.
 * <pre>
 * java -cp 'bench/target/pocket-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' io.pocket.bench.jmh.JmhMain -f 1 -wi 2 -i 3
 * </pre>
 * or {@code ... JmhMain WeightMap -f 0 -wi 1 -i 1 -w 1s -r 1s}; {@code -h} lists JMH's options. The
 * benchmark list is generated at compile time into {@code META-INF/BenchmarkList} of the jar.
 */
public final class JmhMain
{
    private JmhMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        org.openjdk.jmh.Main.main(args);
    }
}
