package io.pocket.bench.peers;

import org.HdrHistogram.Histogram;

/**
 * What one cell measured. MB is 10^6 bytes; latencies are in microseconds.
 *
 * @param cell         what ran
 * @param opsPerSecond operations that started in the measured time, per second of it
 * @param mbPerSecond  object bytes moved per second
 * @param p50Micros    median latency of one operation
 * @param p99Micros    99th percentile latency
 * @param operations   operations measured
 * @param seconds      measured time
 */
public record CellResult(
    Cell cell, double opsPerSecond, double mbPerSecond, long p50Micros, long p99Micros, long operations, double seconds)
{
    private static final double MB = 1e6;

    /** The result of {@code operations} operations in {@code nanos} of measured time. */
    static CellResult of(final Cell cell, final long operations, final long nanos, final Histogram latencyMicros)
    {
        final double seconds = nanos / 1e9;
        final boolean empty = latencyMicros.getTotalCount() == 0;
        return new CellResult(
            cell,
            seconds > 0 ? operations / seconds : 0,
            seconds > 0 ? operations * (double)cell.size() / MB / seconds : 0,
            empty ? 0 : latencyMicros.getValueAtPercentile(50.0),
            empty ? 0 : latencyMicros.getValueAtPercentile(99.0),
            operations,
            seconds);
    }
}
