package io.pocket.bench.nvme;

import java.util.Locale;

/**
 * One measured row of the NVMe benchmark.
 *
 * @param engine    {@code io_uring} or {@code posix}.
 * @param pattern   the pattern.
 * @param ios       requests completed in the measured window.
 * @param seconds   length of the window.
 * @param bytes     bytes transferred in the window.
 * @param p50Micros median submit-to-reap latency.
 * @param p99Micros 99th percentile latency.
 * @param cpuSeconds process CPU time (user + system, all threads) in the window.
 */
record NvmeResult(
    String engine,
    NvmePattern pattern,
    long ios,
    double seconds,
    double bytes,
    double p50Micros,
    double p99Micros,
    double cpuSeconds)
{
    double iops()
    {
        return ios / seconds;
    }

    double megabytesPerSecond()
    {
        return bytes / seconds / 1e6;
    }

    double cpuSecondsPer100k()
    {
        return ios == 0 ? 0 : cpuSeconds * 100_000.0 / ios;
    }

    /**
     * @return the machine-readable line {@code scripts/bench-nvme} parses.
     */
    String line()
    {
        return String.format(Locale.ROOT,
            "result engine=%s pattern=%s ios=%d seconds=%.3f iops=%.0f mb_per_s=%.1f p50_us=%.1f p99_us=%.1f " +
            "cpu_s=%.3f cpu_s_per_100k=%.4f",
            engine, pattern.label(), ios, seconds, iops(), megabytesPerSecond(), p50Micros, p99Micros, cpuSeconds,
            cpuSecondsPer100k());
    }
}
