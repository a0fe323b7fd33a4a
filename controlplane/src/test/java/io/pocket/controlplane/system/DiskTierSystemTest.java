package io.pocket.controlplane.system;

import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.controlplane.metadata.core.AllocatedBlock;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.protocol.TierKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static io.pocket.controlplane.system.TierFixture.DISK;
import static io.pocket.controlplane.system.TierFixture.assertTierUsed;
import static io.pocket.controlplane.system.TierFixture.jobTiers;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A latency-insensitive job on a cluster without NVMe goes to the disk tier, whose blocks the
 * metadata server hands out at ascending addresses. One storage server: 256 KiB of DRAM and a
 * 1 MiB disk file (16 blocks of 64 KiB), posix engine.
 */
class DiskTierSystemTest
{
    static final int BLOCK = 64 * KIB;

    @RegisterExtension
    static final ClusterResource CLUSTER = new ClusterResource(new LocalClusterContext()
        .storageServers(1)
        .dram(256L * KIB)
        .disk(new DeviceSpec(TierFixture.deviceDirectory("disk-system").resolve("disk"), MIB))
        .ioEngine(IoEngineKind.POSIX)
        .blockSize(BLOCK)
        .heartbeatIntervalMs(100));

    @Test
    void aLatencyInsensitiveJobWritesSequentialDiskBlocks()
    {
        final Job job = CLUSTER.client().registerJob("scan", Hints.none().latencySensitive(false));
        assertEquals(List.of(DISK), jobTiers(CLUSTER.client(), job.id()), "no NVMe: disk before DRAM");

        final byte[] a = SeededContent.bytes(SeededContent.seed(4, 0), 3 * BLOCK);
        final byte[] b = SeededContent.bytes(SeededContent.seed(4, 1), 2 * BLOCK - 1);
        job.put("a", a);
        job.put("b", b);
        final List<Long> aIds = blockIds(job, "a");
        final List<Long> bIds = blockIds(job, "b");
        assertConsecutive(aIds, "a");
        assertEquals(aIds.get(2) + 1, bIds.get(0), "b follows a on the disk");
        assertConsecutive(bIds, "b");
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DISK, 5);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DRAM, 0);

        job.delete("a");
        final byte[] c = SeededContent.bytes(SeededContent.seed(4, 2), 4 * BLOCK);
        job.put("c", c);
        final List<Long> cIds = blockIds(job, "c");
        assertEquals(bIds.get(1) + 1, cIds.get(0), "c goes on past a's freed blocks, not back to them");
        assertConsecutive(cIds, "c");

        assertBytes(b, job.get("b"), "b");
        assertBytes(c, job.get("c"), "c");
        job.deregister();
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DISK, 0);
    }

    private static List<Long> blockIds(final Job job, final String name)
    {
        final List<Long> ids = new ArrayList<>();
        for (final AllocatedBlock ref : CLUSTER.cluster().metadata().store().lookup(job.id(), name).blocks())
        {
            assertEquals(DISK, ref.tier(), name + ": " + ref);
            ids.add(ref.blockId());
        }
        return ids;
    }

    private static void assertConsecutive(final List<Long> ids, final String what)
    {
        for (int i = 1; i < ids.size(); i++)
        {
            assertEquals(ids.get(i - 1) + 1, ids.get(i), what + ": blocks " + ids);
        }
    }
}
