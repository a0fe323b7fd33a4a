package io.pocket.controlplane.system;

import io.pocket.client.DataUnavailableException;
import io.pocket.client.GetOption;
import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketClient;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.controlplane.metadata.core.AllocatedBlock;
import io.pocket.controlplane.metadata.core.ServerStats;
import io.pocket.dataplane.StorageServer;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.pocket.controlplane.system.FailureFixture.BLOCK_SIZE;
import static io.pocket.controlplane.system.FailureFixture.assertBytes;
import static io.pocket.controlplane.system.FailureFixture.assertFails;
import static io.pocket.controlplane.system.FailureFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storage server stopped in the middle of a job (paper §3.4: no replication, reads of its data
 * fail with "data unavailable", everything else goes on). Two storage servers A and B; A is
 * closed; the test checks what a client sees before and after the controller declares A lost.
 */
class StorageLossSystemTest
{
    private static final int SINGLE_BLOCK_OBJECTS = 40;
    private static final int SPANNING_BLOCKS = 16;

    private LocalCluster cluster;
    private PocketClient pocket;
    private Job job;
    private StorageServer a;
    private StorageServer b;
    private int aId;
    private int bId;
    private final Map<String, byte[]> objects = new HashMap<>();
    private final List<String> onA = new ArrayList<>();
    private final List<String> onB = new ArrayList<>();
    private String spanning;

    @BeforeEach
    void start()
    {
        cluster = LocalCluster.start(new LocalClusterContext()
            .storageServers(2)
            .dram(8L << 20)
            .blockSize(BLOCK_SIZE)
            .heartbeatIntervalMs(200)
            .lostAfterMs(1000));
        // counts blocks: small objects must not be kept inline at the metadata server; the lost server never
        // comes back, so gets of its objects fail at once instead of waiting for it
        pocket = PocketClient.connect(cluster.controllerAddress(),
            new ClientContext().inlineMaxBytes(0).unavailableWaitMs(0));
        a = cluster.storageServers().get(0);
        b = cluster.storageServers().get(1);
        aId = a.serverId();
        bId = b.serverId();
    }

    @AfterEach
    void stop()
    {
        pocket.close();
        cluster.close();
    }

    @Test
    void readsOfALostServersObjectsFailWhileEverythingElseGoesOn()
    {
        final ServerStats bAtStart = FailureFixture.metadataStats(cluster, bId);
        assertEquals(bAtStart.totalBlocks(), bAtStart.freeBlocks(), "B starts empty");
        job = pocket.registerJob("loss", Hints.none());
        putObjectsOnBothServers();

        final String aAddress = a.advertisedAddress();
        a.close();
        assertFalse(FailureFixture.metadataStats(cluster, aId).lost(), "A is not declared lost at once");
        // Until the controller declares A lost (about 1 s) the client finds out by itself: keep this short.
        final String unreachable = "storage server " + aId + " at " + aAddress + " cannot be reached";
        assertReadsOfAFail(unreachable, 3);
        assertPutTouchingAFails(aAddress);
        assertObjectsOnBAreIntact();

        FailureFixture.awaitTrue("the controller shows storage server A as lost", FailureFixture.POLL_TIMEOUT_MS,
            () -> !FailureFixture.serverStatus(pocket, aId).alive());
        FailureFixture.awaitTrue("the metadata server has been told that A is lost", FailureFixture.POLL_TIMEOUT_MS,
            () -> FailureFixture.metadataStats(cluster, aId).lost());
        final ServerStatus bStatus = FailureFixture.serverStatus(pocket, bId);
        assertTrue(bStatus.alive(), "B stays alive: " + bStatus);

        final String lost = "storage server " + aId + " was lost";
        assertReadsOfAFail(lost, onA.size());
        final String first = onA.get(0);
        assertFails(DataUnavailableException.class, () -> job.get(first, GetOption.DELETE), first, job.id(), lost);
        assertFails(DataUnavailableException.class, () -> job.lookup(first), first, job.id(), lost);
        assertObjectsOnBAreIntact();
        putAfterLossGoesToB();

        for (final String name : onA)
        {
            job.delete(name);
            assertFalse(job.exists(name), name + " is gone after its delete");
        }
        job.delete(spanning);
        assertFails(ObjectNotFoundException.class, () -> job.get(first), "no object " + first, job.id());
        assertFalse(FailureFixture.serverStatus(pocket, aId).alive(), "A stays lost");

        job.deregister();
        final ServerStats bAtEnd = FailureFixture.metadataStats(cluster, bId);
        assertEquals(bAtStart.freeBlocks(), bAtEnd.freeBlocks(), "every block of B is free again after deregistration");
        FailureFixture.awaitTrue("B's DRAM tier holds no block after deregistration", FailureFixture.POLL_TIMEOUT_MS,
            () -> b.tier().usedBlocks() == 0);
    }

    /** Single-block objects until both servers hold some, and one object with blocks on both. */
    private void putObjectsOnBothServers()
    {
        for (int i = 0; i < SINGLE_BLOCK_OBJECTS; i++)
        {
            final String name = "one-" + i;
            put(name, payload(i, 1000 + i * 97));
            final Set<Integer> servers = serversOf(name);
            assertEquals(1, servers.size(), name + " is one block");
            (servers.contains(aId) ? onA : onB).add(name);
        }
        assertFalse(onA.isEmpty() || onB.isEmpty(), "weighted placement put objects on both servers: " + onA + " / " + onB);

        for (int attempt = 0; spanning == null; attempt++)
        {
            assertTrue(attempt < 10, "no " + SPANNING_BLOCKS + "-block object landed on both servers in 10 attempts");
            final String name = "span-" + attempt;
            put(name, payload(1000 + attempt, SPANNING_BLOCKS * BLOCK_SIZE - 3));
            if (serversOf(name).equals(Set.of(aId, bId)))
            {
                spanning = name;
            }
        }
        for (final Map.Entry<String, byte[]> e : objects.entrySet())
        {
            assertBytes(e.getValue(), job.get(e.getKey()), e.getKey() + " before the loss");
        }
    }

    /**
     * Before A is declared lost the metadata server still places blocks on it: a put that gets a
     * block of A fails with ServiceUnavailableException and leaves nothing visible. Placement is
     * random, so a put that happened to land only on B is accepted (and checked) and retried.
     */
    private void assertPutTouchingAFails(final String aAddress)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            final String name = "during-" + attempt;
            try
            {
                job.put(name, payload(3000 + attempt, SPANNING_BLOCKS * BLOCK_SIZE));
            }
            catch (final ServiceUnavailableException ex)
            {
                assertTrue(ex.getMessage().contains(aAddress), "the failed put names A: " + ex.getMessage());
                assertFalse(job.exists(name), "a put that failed on the stopped server is not visible");
                return;
            }
            assertEquals(Set.of(bId), serversOf(name), name + " succeeded, so it must be entirely on B");
            job.delete(name);
        }
        throw new AssertionError("no " + SPANNING_BLOCKS + "-block put got a block of A in 5 attempts");
    }

    /** Gets of the first {@code count} objects on A, and of the spanning one, fail naming object, job and {@code why}. */
    private void assertReadsOfAFail(final String why, final int count)
    {
        for (final String name : onA.subList(0, Math.min(count, onA.size())))
        {
            assertFails(DataUnavailableException.class, () -> job.get(name), "object " + name + " of job " + job.id(), why);
        }
        final String span = "object " + spanning + " of job " + job.id();
        assertFails(DataUnavailableException.class, () -> job.get(spanning), span, why);
        assertFails(DataUnavailableException.class, () ->
        {
            try (InputStream in = job.openInput(spanning))
            {
                in.readAllBytes();
            }
        }, span, why);
    }

    private void assertObjectsOnBAreIntact()
    {
        for (final String name : onB)
        {
            assertBytes(objects.get(name), job.get(name), name + " on B");
        }
    }

    private void putAfterLossGoesToB()
    {
        for (int i = 0; i < 8; i++)
        {
            final String name = "after-" + i;
            put(name, payload(2000 + i, 4 * BLOCK_SIZE + i));
            assertEquals(Set.of(bId), serversOf(name), name + " was put after A was lost: only on B");
            assertBytes(objects.get(name), job.get(name), name);
        }
    }

    private void put(final String name, final byte[] bytes)
    {
        job.put(name, bytes);
        objects.put(name, bytes);
    }

    private Set<Integer> serversOf(final String name)
    {
        final Set<Integer> servers = new TreeSet<>();
        for (final AllocatedBlock ref : cluster.metadata().store().lookup(job.id(), name).blocks())
        {
            servers.add(ref.serverId());
        }
        return servers;
    }
}
