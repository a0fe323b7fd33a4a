package io.pocket.controlplane.controller;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The failure detector's awake time: checks further apart than period + tolerance are the detector's own stall. */
class DetectorClockTest
{
    private final AtomicLong now = new AtomicLong(5_000);
    private final DetectorClock clock = new DetectorClock(now::get, 250, 1_000);

    @Test
    void checksOnTimeCountEveryMillisecond()
    {
        for (int i = 0; i < 10; i++)
        {
            now.addAndGet(250 + i * 100);
            assertEquals(0, clock.onCheck());
        }
        assertEquals(5_000 + 10 * 250 + 4_500, clock.awakeMs());
    }

    @Test
    void aGapBeyondPeriodAndToleranceIsAStallLeftOutOfAwakeTime()
    {
        now.addAndGet(10_000);
        assertEquals(10_000 - 1_250, clock.onCheck());
        assertEquals(5_000 + 1_250, clock.awakeMs());
        now.addAndGet(250);
        assertEquals(0, clock.onCheck());
        assertEquals(5_000 + 1_500, clock.awakeMs());
        assertEquals(15_250, clock.nowMs());
        assertEquals(8_750, clock.stalledMs());
    }

    @Test
    void theStartCountsAsTheFirstCheck()
    {
        now.addAndGet(60_000);
        assertEquals(60_000 - 1_250, clock.onCheck(), "a pause before the first periodic check is a stall too");
    }
}
