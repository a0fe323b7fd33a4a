package io.pocket.controlplane.controller;

import io.pocket.client.PocketException;
import io.pocket.protocol.ControllerMessages.HeldJob;
import io.pocket.protocol.ControllerMessages.JobInfo;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ControllerMessages.RegisterMetadata;
import io.pocket.protocol.ControllerMessages.ServerBack;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.WeightEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the controller does when servers come back: a storage server declared lost that returns as
 * the same process, another process that claims its id, a controller that restarted and rebuilds its
 * view from the metadata and storage servers, and lost servers leaving status.
 */
class ControllerRecoveryTest
{
    private static final long INCARNATION = 0x5eed_0001L;

    private ControllerFixture f;
    private TestControllerClient client;

    @BeforeEach
    void start()
    {
        f = new ControllerFixture(ctx -> ctx.lostRetentionMs(60_000));
        client = f.client;
    }

    @AfterEach
    void stop()
    {
        f.close();
    }

    @Test
    void aLostServerThatComesBackAsTheSameProcessKeepsItsIdAndItsBlocks() throws Exception
    {
        client.registerMetadata(f.metadata.address());
        assertEquals(1, client.registerStorage(7001, INCARNATION, 0).serverId());
        f.advance(3_001);
        assertEquals(1, f.controller.checkLiveness());
        assertEquals(-1, f.metadata.nextNotice(), "SERVER_LOST");

        assertTrue(client.registerStorage(7001, INCARNATION, 1).resumed());
        assertEquals(1, f.metadata.nextNotice(), "SERVER_BACK");
        assertEquals(ServerBack.ALL_TIERS, f.metadata.keptTiers.poll(), "with every block");
        assertTrue(client.status().servers().get(0).alive());
        assertEquals(0, client.heartbeat(1, 0.1, 0, 100));
        assertEquals(0, f.controller.checkLiveness());
        assertEquals(List.of(new WeightEntry(1, 1.0)), client.registerJob("sort").weights());
    }

    @Test
    void anotherProcessCannotTakeALostServersIdOrItsBlocks() throws Exception
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage(7001, INCARNATION, 0);
        f.advance(3_001);
        f.controller.checkLiveness();
        assertEquals(-1, f.metadata.nextNotice());

        final StorageRegistered restarted = client.registerStorage(7001, INCARNATION + 1, 1);
        assertEquals(2, restarted.serverId(), "a restarted process");
        assertFalse(restarted.resumed());
        assertEquals(List.of(false, true), client.status().servers().stream().map(ServerStatus::alive).toList());
        assertNull(f.metadata.notices.poll(), "server 1's blocks stay unavailable");
    }

    @Test
    void aRestartedProcessThatKeptItsNvmeBlocksKeepsItsIdAtTheSameAddressOnly() throws Exception
    {
        client.registerMetadata(f.metadata.address());
        assertEquals(1, client.registerStorage(7001, INCARNATION, 0).serverId());

        final StorageRegistered kept = client.registerStorage(7001, INCARNATION + 1, 1, 0b10);
        assertEquals(1, kept.serverId(), "restarted, NVMe kept");
        assertTrue(kept.resumed());
        assertEquals(1, f.metadata.nextNotice(), "SERVER_BACK");
        assertEquals(0b10, f.metadata.keptTiers.poll(), "with the NVMe tier only");
        assertEquals(0, client.heartbeat(1, 0.1, 0, 100));

        assertEquals(2, client.registerStorage(7002, INCARNATION + 2, 1, 0b10).serverId(), "another address");
        assertEquals(-1, f.metadata.nextNotice(), "server 1 was taken over: lost");
    }

    @Test
    void aRestartedControllerTakesBackJobsAndServersFromThoseThatHoldThem() throws Exception
    {
        final JobWeights sort = new JobWeights("sort-7", List.of(new WeightEntry(4, 0.5), new WeightEntry(5, 0.5)),
            List.of(0));
        final JobWeights ended = new JobWeights("etl-3", List.of(new WeightEntry(4, 1.0)));
        final RegisterJob sortHints = new RegisterJob("sort", 16, 2L << 30, 0, true);
        client.registerMetadata(new RegisterMetadata(f.metadata.address(), List.of(4, 5),
            List.of(new HeldJob(sort, sortHints, false),
                new HeldJob(ended, new RegisterJob("etl", 0, 0, 0, false), true))));

        assertEquals(5, client.registerStorage(7005, INCARNATION, 5).serverId(), "adopted under its old id");
        assertEquals(5, f.metadata.nextNotice(), "SERVER_BACK, in case the old controller had declared it lost");
        assertEquals(4, client.registerStorage(7004, INCARNATION + 4, 4).serverId());
        assertEquals(6, client.registerStorage(7006, INCARNATION + 6, 0).serverId(), "fresh ids above the known");
        final StorageRegistered foreign = client.registerStorage(7009, INCARNATION + 9, 9, 0b10);
        assertEquals(7, foreign.serverId(), "an id no metadata server knows (blocks kept from another cluster)");
        assertFalse(foreign.resumed());

        final JobInfo attached = client.attachJob("sort-7");
        assertEquals(sort.weights(), attached.weights());
        assertEquals(f.metadata.address(), attached.metadataAddress());
        assertEquals(sortHints, f.controller.hints("sort-7"), "the hints the metadata server kept");
        assertEquals("etl-3", client.attachJob("etl-3").jobId(), "an ended job's PERSIST data stays reachable");
        assertEquals("sort-8", client.registerJob("sort").jobId(), "job ids continue above those taken back");
        assertEquals(List.of("sort-7", "sort-8"),
            client.status().jobs().stream().map(j -> j.jobId()).toList());
    }

    @Test
    void aMetadataServerTheControllerDoesNotKnowIsToldToRegister()
    {
        final PocketException ex =
            assertThrows(PocketException.class, () -> client.metadataHeartbeat(f.metadata.address()));
        assertEquals(ErrorCode.UNKNOWN_SERVER, ex.code());
        client.registerMetadata(f.metadata.address());
        client.metadataHeartbeat(f.metadata.address());
    }

    @Test
    void lostServersLeaveStatusAfterTheRetentionTime()
    {
        client.registerMetadata(f.metadata.address());
        client.registerStorage(7001, INCARNATION, 0);
        client.registerStorage(7002, INCARNATION + 2, 0);
        f.advance(2_000);
        client.heartbeat(2, 0.1, 0, 100);
        f.advance(1_001);
        assertEquals(1, f.controller.checkLiveness());
        assertEquals(List.of(1, 2), client.status().servers().stream().map(ServerStatus::serverId).toList());

        for (int step = 0; step < 61; step++)
        {
            f.advance(1_000);
            client.heartbeat(2, 0.1, 0, 100);
            f.controller.checkLiveness();
        }
        assertEquals(List.of(2), client.status().servers().stream().map(ServerStatus::serverId).toList());
        assertEquals(1, client.registerStorage(7001, INCARNATION, 1).serverId(),
            "the same process coming back even later is still adopted under its id");
    }
}
