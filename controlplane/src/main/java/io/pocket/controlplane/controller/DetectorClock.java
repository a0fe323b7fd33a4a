package io.pocket.controlplane.controller;

import java.util.function.LongSupplier;

/**
 * Time as the failure detector counts it: the controller's clock less the stalls of the detector itself.
 * <p>
 * The liveness check runs every {@code checkPeriodMs}. When two checks are further apart than the period plus a
 * tolerance, the controller's own process was not running (a stop-the-world pause, a stopped or starved process, a
 * virtual machine's steal): the servers could not have been heard in that time, so the excess is not counted as
 * their silence. A server is thus declared lost only after it was silent for {@code lostAfterMs} of time in which the
 * detector was awake. A truly dead server is still declared lost after a bounded number of checks: every check counts
 * at least {@code checkPeriodMs + toleranceMs} of silence. Owned by the control loop; not thread-safe.
 */
final class DetectorClock
{
    private final LongSupplier clock;
    private final long allowedGapMs;
    private long lastCheckMs;
    private long stalledMs;

    /**
     * @param clock         milliseconds, monotonic
     * @param checkPeriodMs period of the liveness check
     * @param toleranceMs   lateness of a check that is still taken as scheduling noise rather than a stall
     */
    DetectorClock(final LongSupplier clock, final long checkPeriodMs, final long toleranceMs)
    {
        this.clock = clock;
        this.allowedGapMs = checkPeriodMs + toleranceMs;
        this.lastCheckMs = clock.getAsLong();
    }

    /**
     * Called by each liveness check before it looks for silent servers (the controller's start counts as the first).
     *
     * @return the stall just observed in milliseconds, 0 if none
     */
    long onCheck()
    {
        final long now = clock.getAsLong();
        final long stall = Math.max(0, now - lastCheckMs - allowedGapMs);
        stalledMs += stall;
        lastCheckMs = now;
        return stall;
    }

    /** Awake time now: the clock less every stall observed so far. */
    long awakeMs()
    {
        return clock.getAsLong() - stalledMs;
    }

    /** The controller's clock now, stalls included. */
    long nowMs()
    {
        return clock.getAsLong();
    }

    /** Total stall observed since start. */
    long stalledMs()
    {
        return stalledMs;
    }
}
