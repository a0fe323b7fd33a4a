package io.pocket.controlplane.system;

import io.pocket.client.GetOption;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PutOption;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.protocol.TierKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.KIB;
import static io.pocket.controlplane.system.DataPathFixture.MIB;
import static io.pocket.controlplane.system.DataPathFixture.blocks;
import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static io.pocket.controlplane.system.TierFixture.DRAM;
import static io.pocket.controlplane.system.TierFixture.NVME;
import static io.pocket.controlplane.system.TierFixture.assertTierUsed;
import static io.pocket.controlplane.system.TierFixture.jobTiers;
import static io.pocket.controlplane.system.TierFixture.metadataAllocated;
import static io.pocket.controlplane.system.TierFixture.statusTotal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs placed on the NVMe tier of a real in-process cluster: two storage servers, each with 512 KiB
 * of DRAM (8 blocks of 64 KiB) and a 2 MiB NVMe file (32 blocks) under the build directory, served
 * by the posix engine. Each object is read back byte for byte, and every block is accounted in the
 * metadata server, the storage servers and the controller's status, per tier, until it is freed.
 */
class TierSystemTest
{
    static final int BLOCK = 64 * KIB;
    static final int DRAM_BLOCKS = 2 * 8;
    static final int NVME_BLOCKS = 2 * 32;

    @RegisterExtension
    static final ClusterResource CLUSTER = new ClusterResource(new LocalClusterContext()
        .storageServers(2)
        .dram(512L * KIB)
        .nvme(new DeviceSpec(TierFixture.deviceDirectory("tier-system").resolve("nvme"), 2L * MIB))
        .ioEngine(IoEngineKind.POSIX)
        .blockSize(BLOCK)
        .heartbeatIntervalMs(100));

    @BeforeEach
    void quiet()
    {
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DRAM, 0);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 0);
    }

    @Test
    void eachStorageServerHasItsOwnNvmeFileAndStatusShowsTheTier() throws Exception
    {
        final DeviceSpec nvme = CLUSTER.cluster().context().nvme();
        assertTrue(Files.size(nvme.path().resolveSibling("nvme.0")) >= 2L * MIB);
        assertTrue(Files.size(nvme.path().resolveSibling("nvme.1")) >= 2L * MIB);
        assertEquals(NVME_BLOCKS, statusTotal(CLUSTER.client(), NVME));
        assertEquals(DRAM_BLOCKS, statusTotal(CLUSTER.client(), DRAM));
        assertEquals(NVME_BLOCKS, CLUSTER.cluster().metadata().store().stats().totalBlocks(NVME));
    }

    @Test
    void aLatencyInsensitiveJobWritesReadsAndFreesItsObjectsOnNvme()
    {
        final Job job = CLUSTER.client().registerJob("cold", Hints.none().latencySensitive(false));
        assertEquals(List.of(NVME), jobTiers(CLUSTER.client(), job.id()));

        final int[] sizes = {5 * KIB + 3, BLOCK, 200 * KIB, MIB + 3};
        long expectedBlocks = 0;
        for (int i = 0; i < sizes.length; i++)
        {
            job.put("o" + i, SeededContent.bytes(SeededContent.seed(1, i), sizes[i]));
            expectedBlocks += blocks(sizes[i], BLOCK);
        }
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, expectedBlocks);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DRAM, 0);

        for (int i = 0; i < sizes.length; i++)
        {
            assertBytes(SeededContent.bytes(SeededContent.seed(1, i), sizes[i]), job.get("o" + i), "o" + i);
        }

        assertBytes(SeededContent.bytes(SeededContent.seed(1, 2), sizes[2]), job.get("o2", GetOption.DELETE),
            "o2 read with DELETE");
        expectedBlocks -= blocks(sizes[2], BLOCK);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, expectedBlocks);

        job.deregister();
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 0);
    }

    @Test
    void aLatencySensitiveJobOverflowsItsDramShareToNvme()
    {
        final Job job = CLUSTER.client().registerJob("hot", Hints.none());
        assertEquals(List.of(DRAM, NVME), jobTiers(CLUSTER.client(), job.id()));

        final byte[] first = SeededContent.bytes(SeededContent.seed(2, 0), 10 * BLOCK);
        final byte[] second = SeededContent.bytes(SeededContent.seed(2, 1), 12 * BLOCK - 7);
        job.put("first", first);
        assertEquals(10, metadataAllocated(CLUSTER.cluster(), DRAM), "DRAM first");
        assertEquals(0, metadataAllocated(CLUSTER.cluster(), NVME));

        job.put("second", second);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DRAM, DRAM_BLOCKS);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 10 + 12 - DRAM_BLOCKS);
        assertBytes(first, job.get("first"), "first (DRAM)");
        assertBytes(second, job.get("second"), "second (DRAM, then NVMe)");

        job.delete("first");
        final byte[] third = SeededContent.bytes(SeededContent.seed(2, 2), 3 * BLOCK);
        job.put("third", third);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DRAM, DRAM_BLOCKS - 10 + 3);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 10 + 12 - DRAM_BLOCKS);
        assertBytes(third, job.get("third"), "third (DRAM again)");

        job.deregister();
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.DRAM, 0);
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 0);
    }

    @Test
    void aPersistObjectOnNvmeOutlivesItsJob()
    {
        final Job job = CLUSTER.client().registerJob("keep", Hints.none().latencySensitive(false));
        final byte[] kept = SeededContent.bytes(SeededContent.seed(3, 0), 3 * BLOCK + 1);
        job.put("kept", kept, PutOption.PERSIST);
        job.put("dropped", SeededContent.bytes(SeededContent.seed(3, 1), 2 * BLOCK));
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 4 + 2);

        final String jobId = job.id();
        job.deregister();
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 4);
        try (Job ended = CLUSTER.client().attach(jobId))
        {
            assertBytes(kept, ended.get("kept"), "PERSIST object after deregistration");
            ended.delete("kept");
        }
        assertTierUsed(CLUSTER.cluster(), CLUSTER.client(), TierKind.NVME, 0);
    }
}
