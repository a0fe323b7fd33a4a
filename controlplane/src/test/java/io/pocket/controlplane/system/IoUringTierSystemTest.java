package io.pocket.controlplane.system;

import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.nativeio.NativeIo;
import io.pocket.protocol.TierKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static io.pocket.controlplane.system.TierFixture.DRAM;
import static io.pocket.controlplane.system.TierFixture.NVME;
import static io.pocket.controlplane.system.TierFixture.assertTierUsed;
import static io.pocket.controlplane.system.TierFixture.jobTiers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The NVMe tier behind the io_uring engine (what {@code auto} picks where io_uring works), in a
 * real cluster: a DRAM-then-NVMe job overflows onto it and reads back every byte. Skipped, saying
 * why, where the native library or io_uring is unavailable (the posix engine is covered by
 * {@link TierSystemTest}).
 */
class IoUringTierSystemTest
{
    static final int BLOCK = 64 * KIB;

    @Test
    void aJobOverflowsOntoAnIoUringNvmeTier()
    {
        assumeTrue(NativeIo.isAvailable(), () -> "io_uring unavailable: " + NativeIo.unavailabilityCause());
        final String probe = NativeIo.probeRing();
        assumeTrue(probe == null, () -> "io_uring unavailable: " + probe);

        final LocalClusterContext ctx = new LocalClusterContext()
            .storageServers(1)
            .dram(256L * KIB)
            .nvme(new DeviceSpec(TierFixture.deviceDirectory("io-uring-system").resolve("nvme"), 4L * MIB))
            .ioEngine(IoEngineKind.IO_URING)
            .blockSize(BLOCK)
            .heartbeatIntervalMs(100);
        try (LocalCluster cluster = LocalCluster.start(ctx);
            PocketClient client = PocketClient.connect(cluster.controllerAddress()))
        {
            final Job job = client.registerJob("uring", Hints.none());
            assertEquals(List.of(DRAM, NVME), jobTiers(client, job.id()));

            final byte[][] objects = new byte[6][];
            for (int i = 0; i < objects.length; i++)
            {
                objects[i] = SeededContent.bytes(SeededContent.seed(5, i), 3 * BLOCK + 1 + i * 4099);
                job.put("o" + i, objects[i]);
            }
            assertTierUsed(cluster, client, TierKind.DRAM, 4);
            assertTierUsed(cluster, client, TierKind.NVME, 6 * 4 - 4);
            for (int i = objects.length - 1; i >= 0; i--)
            {
                assertBytes(objects[i], job.get("o" + i), "o" + i);
            }

            job.deregister();
            assertTierUsed(cluster, client, TierKind.DRAM, 0);
            assertTierUsed(cluster, client, TierKind.NVME, 0);
        }
    }
}
