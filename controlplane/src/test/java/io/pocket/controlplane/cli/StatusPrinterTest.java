package io.pocket.controlplane.cli;

import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierUsage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code pocket status}: columns as wide as their widest cell (text left, numbers right), a line per server and tier with its state and silence, capacity in all and per tier (live
 * servers, suspected ones included), jobs with their tiers.
 */
class StatusPrinterTest
{
    private static final int BLOCK = 64 * 1024;

    @Test
    void printsCapacityPerServerAndTierAndEachJobsTiers()
    {
        final ClusterStatus status = new ClusterStatus(List.of("127.0.0.1:4322"),
            List.of(
                new ServerStatus(1, "127.0.0.1:5001", true, true, 0.25, 0, 0,
                    List.of(new TierUsage(0, BLOCK, 16, 48), new TierUsage(1, BLOCK, 100, 924))),
                new ServerStatus(2, "127.0.0.1:5002", false, true, 0, 0, 0,
                    List.of(new TierUsage(0, BLOCK, 0, 64), new TierUsage(1, BLOCK, 0, 1024)), false, 42_000),
                new ServerStatus(3, "127.0.0.1:5003", true, true, 0.5, 0, 0,
                    List.of(new TierUsage(0, BLOCK, 0, 64)), true, 2_450)),
            List.of(new JobStatus("sort-1", "sort", "127.0.0.1:4322", List.of(0, 1)),
                new JobStatus("video-2", "video", "127.0.0.1:4322", List.of(1)),
                new JobStatus("old-3", "old", "127.0.0.1:4322")));

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatusPrinter.print(status, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(String.join("\n",
            "metadata servers: 127.0.0.1:4322",
            "storage servers: 3",
            "  id address        state   tier block used  free total cpu silent",
            "  1  127.0.0.1:5001 alive   dram 64k     1m    3m    4m 25%   0.0s",
            "  1  127.0.0.1:5001 alive   nvme 64k   6.3m 57.8m   64m 25%   0.0s",
            "  2  127.0.0.1:5002 lost    dram 64k      0    4m    4m  0%  42.0s",
            "  2  127.0.0.1:5002 lost    nvme 64k      0   64m   64m  0%  42.0s",
            "  3  127.0.0.1:5003 suspect dram 64k      0    4m    4m 50%   2.5s",
            "capacity: used 7.3m, free 64.8m, total 72m",
            "  dram: used 1m, free 7m, total 8m",
            "  nvme: used 6.3m, free 57.8m, total 64m",
            "jobs: 3",
            "  sort-1  (metadata 127.0.0.1:4322)  tiers dram>nvme",
            "  video-2  (metadata 127.0.0.1:4322)  tiers nvme",
            "  old-3  (metadata 127.0.0.1:4322)",
            ""), bytes.toString(StandardCharsets.UTF_8));
    }
}
