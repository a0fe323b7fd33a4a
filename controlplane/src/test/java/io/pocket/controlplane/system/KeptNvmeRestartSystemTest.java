package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.DataUnavailableException;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.TierKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.pocket.controlplane.system.FailureFixture.BLOCK_SIZE;
import static io.pocket.controlplane.system.FailureFixture.POLL_TIMEOUT_MS;
import static io.pocket.controlplane.system.FailureFixture.assertBytes;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureFixture.awaitTrue;
import static io.pocket.controlplane.system.FailureFixture.payload;
import static io.pocket.controlplane.system.FailureFixture.serverStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A storage server restarted with {@code nvmeKeep}: the new process registers under the old id, its NVMe objects
 * are read back byte for byte (their generations kept on the device prove them valid), its DRAM objects answer
 * unavailable (never another object's bytes), and new puts work on both tiers.
 */
class KeptNvmeRestartSystemTest
{
    private LocalCluster cluster;
    private PocketClient pocket;

    @AfterEach
    void stop()
    {
        if (pocket != null)
        {
            pocket.close();
        }
        if (cluster != null)
        {
            cluster.close();
        }
    }

    @Test
    void aRestartedServerKeepsItsNvmeObjectsAndLosesOnlyItsDramOnes() throws IOException
    {
        final Path device = TierFixture.deviceDirectory("kept-restart").resolve("server.nvme");
        for (final String suffix : new String[]{"", ".gen", ".server-id"})
        {
            Files.deleteIfExists(device.resolveSibling(device.getFileName() + suffix));
        }
        cluster = LocalCluster.start(new LocalClusterContext()
            .storageServers(1)
            .dram(16L * BLOCK_SIZE)
            .blockSize(BLOCK_SIZE)
            .nvme(device + ":8m")
            .nvmeKeep(true)
            .ioEngine("posix")
            .heartbeatIntervalMs(200)
            .lostAfterMs(1_000));
        pocket = PocketClient.connect(cluster.controllerAddress(),
            new ClientContext().inlineMaxBytes(0).unavailableWaitMs(0));
        final StorageServer first = cluster.storageServers().get(0);
        final int id = first.serverId();
        final Job cold = pocket.registerJob("cold", Hints.none().latencySensitive(false));
        final Job hot = pocket.registerJob("hot", Hints.none());
        final byte[] onNvme = payload(1, 3 * BLOCK_SIZE + 7);
        final byte[] inDram = payload(2, 2 * BLOCK_SIZE);
        cold.put("nvme", ByteBuffer.wrap(onNvme));
        hot.put("dram", ByteBuffer.wrap(inDram));
        assertEquals(4, first.tier(TierKind.NVME).usedBlocks());
        assertEquals(2, first.tier(TierKind.DRAM).usedBlocks());

        final StorageServer second = cluster.restartStorageServer(first);
        assertEquals(id, second.serverId(), "the restarted process registered under its kept id");
        assertEquals(4, second.tier(TierKind.NVME).usedBlocks());
        awaitTrue("the server is alive", POLL_TIMEOUT_MS, () -> serverStatus(pocket, id).alive());

        assertBytes(onNvme, cold.get("nvme"), "the NVMe object");
        assertFails(DataUnavailableException.class, () -> hot.get("dram"), "dram", "restarted without its DRAM");

        final byte[] fresh = payload(3, 2 * BLOCK_SIZE + 1);
        hot.put("fresh", ByteBuffer.wrap(fresh));
        assertBytes(fresh, hot.get("fresh"), "a DRAM object put after the restart");
        hot.delete("dram");
        hot.deregister();
        cold.deregister();
        awaitTrue("every block is free again", POLL_TIMEOUT_MS,
            () -> cluster.metadata().store().stats().allocatedBlocks() == 0);
    }
}
