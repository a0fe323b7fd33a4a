package io.pocket.bench;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * What a {@link LoadDriver} run measured. {@link #line()} is the one line {@code pocket bench}
 * prints on stdout, which scripts parse:
 * <pre>result ops_per_s=41000 mb_per_s=42.0 p50_us=180 p99_us=410 p999_us=900</pre>
 * MB is 10^6 bytes; latencies are in microseconds.
 *
 * @param opsPerSecond  operations completed per second of measured time
 * @param mbPerSecond   object bytes moved per second, in MB/s (0 for lookups)
 * @param p50Micros     median latency of one operation
 * @param p99Micros     99th percentile latency
 * @param p999Micros    99.9th percentile latency
 * @param operations    operations measured
 * @param seconds       measured time
 */
public record BenchResult(
    long opsPerSecond,
    double mbPerSecond,
    long p50Micros,
    long p99Micros,
    long p999Micros,
    long operations,
    double seconds)
{
    private static final double MB = 1e6;

    public BenchResult
    {
        if (opsPerSecond < 0 || mbPerSecond < 0 || Double.isNaN(mbPerSecond) || p50Micros < 0 || p99Micros < 0 ||
            p999Micros < 0 || operations < 0 || seconds < 0)
        {
            throw new IllegalArgumentException("negative or undefined measurement: ops/s=" + opsPerSecond +
                " MB/s=" + mbPerSecond + " p50=" + p50Micros + " p99=" + p99Micros + " p999=" + p999Micros +
                " ops=" + operations + " s=" + seconds);
        }
    }

    /**
     * The result of {@code operations} operations of {@code bytesPerOp} bytes each in {@code nanos}
     * of measured time, with their latencies in microseconds.
     */
    public static BenchResult of(
        final long operations, final long bytesPerOp, final long nanos, final Histogram latencyMicros)
    {
        final double seconds = nanos / 1e9;
        final double opsPerSecond = seconds > 0 ? operations / seconds : 0;
        final double mbPerSecond = seconds > 0 ? operations * (double)bytesPerOp / MB / seconds : 0;
        final boolean empty = latencyMicros.getTotalCount() == 0;
        return new BenchResult(
            Math.round(opsPerSecond),
            mbPerSecond,
            empty ? 0 : latencyMicros.getValueAtPercentile(50.0),
            empty ? 0 : latencyMicros.getValueAtPercentile(99.0),
            empty ? 0 : latencyMicros.getValueAtPercentile(99.9),
            operations,
            seconds);
    }

    /** {@code result ops_per_s=N mb_per_s=N.N p50_us=N p99_us=N p999_us=N}, without a line separator. */
    public String line()
    {
        return String.format(Locale.ROOT, "result ops_per_s=%d mb_per_s=%.1f p50_us=%d p99_us=%d p999_us=%d",
            opsPerSecond, mbPerSecond, p50Micros, p99Micros, p999Micros);
    }

    @Override
    public String toString()
    {
        return line() + String.format(Locale.ROOT, " (%d ops in %.2f s)", operations, seconds);
    }
}
