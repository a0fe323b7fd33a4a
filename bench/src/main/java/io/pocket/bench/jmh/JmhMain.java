package io.pocket.bench.jmh;

/**
 * Runs the Pocket microbenchmarks with JMH's command line, e.g.
 * {@code java -cp bench/target/pocket-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/* io.pocket.bench.jmh.JmhMain -f 1 -wi 2 -i 3}
 * or {@code ... JmhMain WeightMap -f 0 -wi 1 -i 1 -w 1s -r 1s}; {@code -h} lists JMH's options.
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
