package io.pocket.controlplane.system;

import io.pocket.client.ClientContext;
import io.pocket.client.DataUnavailableException;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static io.pocket.controlplane.system.FailureFixture.BLOCK_SIZE;
import static io.pocket.controlplane.system.FailureFixture.assertBytes;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureFixture.payload;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storage server that leaves cleanly ({@link StorageServer#leave()}, what SIGTERM does) is left, not lost, at once:
 * the controller would call it lost only after a minute of silence. The metadata server is told, so reads of its
 * objects answer DataUnavailableException; the other server goes on.
 */
class StorageLeaveSystemTest
{
    private LocalCluster cluster;
    private PocketClient pocket;

    @BeforeEach
    void start()
    {
        cluster = LocalCluster.start(new LocalClusterContext()
            .storageServers(2)
            .dram(8L << 20)
            .blockSize(BLOCK_SIZE)
            .heartbeatIntervalMs(200)
            .lostAfterMs(60_000));
        pocket = PocketClient.connect(cluster.controllerAddress(), new ClientContext().inlineMaxBytes(0).unavailableWaitMs(0));
    }

    @AfterEach
    void stop()
    {
        pocket.close();
        cluster.close();
    }

    @Test
    void aServerThatLeavesIsLeftAtOnceAndItsObjectsAreUnavailable()
    {
        final StorageServer a = cluster.storageServers().get(0);
        final StorageServer b = cluster.storageServers().get(1);
        final Job job = pocket.registerJob("leave", Hints.none());
        String onA = null;
        String onB = null;
        for (int i = 0; i < 40 && (onA == null || onB == null); i++)
        {
            final String name = "one-" + i;
            job.put(name, payload(i, 1000));
            final int server = cluster.metadata().store().lookup(job.id(), name).blocks().get(0).serverId();
            if (server == a.serverId())
            {
                onA = name;
            }
            else if (server == b.serverId())
            {
                onB = name;
            }
        }
        assertTrue(onA != null && onB != null, "weighted placement put objects on both servers");

        final int aId = a.serverId();
        a.leave();

        final ServerStatus left = FailureFixture.serverStatus(pocket, aId);
        assertFalse(left.alive(), left.toString());
        assertTrue(left.left(), "shown as left, not lost: " + left);
        FailureFixture.awaitTrue("the metadata server has been told that A left", FailureFixture.POLL_TIMEOUT_MS,
            () -> FailureFixture.metadataStats(cluster, aId).lost());
        final String name = onA;
        assertFails(DataUnavailableException.class, () -> job.get(name), name, job.id());
        assertBytes(payload(Integer.parseInt(onB.substring(4)), 1000), job.get(onB), onB + " on B");
        assertTrue(FailureFixture.serverStatus(pocket, b.serverId()).alive(), "B stays alive");
    }
}
