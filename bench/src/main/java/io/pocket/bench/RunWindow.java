package io.pocket.bench;

/**
 * The time line of a run on the {@link System#nanoTime()} clock: clients start at
 * {@code startNanos}, operations that start at or after {@code measureStartNanos} are measured, and no
 * operation starts at or after {@code endNanos}.
 *
 * @param startNanos        when the warm-up begins
 * @param measureStartNanos when the measured time begins
 * @param endNanos          when the measured time ends
 */
record RunWindow(long startNanos, long measureStartNanos, long endNanos)
{
    static RunWindow startingAt(final long startNanos, final long warmupNanos, final long durationNanos)
    {
        return new RunWindow(startNanos, startNanos + warmupNanos, startNanos + warmupNanos + durationNanos);
    }

    long measuredNanos()
    {
        return endNanos - measureStartNanos;
    }
}
