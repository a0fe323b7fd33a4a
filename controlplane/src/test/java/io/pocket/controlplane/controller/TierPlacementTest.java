package io.pocket.controlplane.controller;

import io.pocket.client.OutOfCapacityException;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.ControllerMessages.TierUsage;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.WeightEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller's tier policy: which tiers a job gets from its hints and the servers' tiers, and its weights. */
class TierPlacementTest
{
    private static final int BLOCK = TestControllerClient.BLOCK_SIZE;
    private static final TierCapacity DRAM = new TierCapacity(0, BLOCK, 100);
    private static final TierCapacity NVME = new TierCapacity(1, BLOCK, 1000);
    private static final TierCapacity DISK = new TierCapacity(2, BLOCK, 5000);
    private static final RegisterJob SENSITIVE = new RegisterJob("fast", 0, 0, 0, true);
    private static final RegisterJob INSENSITIVE = new RegisterJob("batch", 0, 0, 0, false);

    private final TierPolicy tiers = new TierPolicy();
    private final WeightMapPolicy weights = new WeightMapPolicy();
    private ControllerFixture fixture;

    @AfterEach
    void stop()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    private static StorageServerRecord server(final int id, final TierCapacity... capacity)
    {
        return new StorageServerRecord(id, "127.0.0.1:" + (7000 + id), true, id, List.of(capacity), 0);
    }

    @Test
    void latencySensitiveJobsGetDramThenNvme()
    {
        final List<StorageServerRecord> servers = List.of(server(1, DRAM, NVME), server(2, DRAM));
        assertEquals(List.of(0, 1), tiers.tiersFor(SENSITIVE, servers));
        assertEquals(List.of(0), tiers.tiersFor(SENSITIVE, List.of(server(1, DRAM))), "no NVMe anywhere");
        assertEquals(List.of(1), tiers.tiersFor(SENSITIVE, List.of(server(1, NVME))), "no DRAM anywhere");
        assertThrows(OutOfCapacityException.class, () -> tiers.tiersFor(SENSITIVE, List.of(server(1, DISK))));
    }

    @Test
    void latencyInsensitiveJobsGetNvmeElseDiskElseDram()
    {
        assertEquals(List.of(1), tiers.tiersFor(INSENSITIVE, List.of(server(1, DRAM), server(2, DRAM, NVME, DISK))));
        assertEquals(List.of(2), tiers.tiersFor(INSENSITIVE, List.of(server(1, DRAM), server(2, DISK))));
        assertEquals(List.of(0), tiers.tiersFor(INSENSITIVE, List.of(server(1, DRAM))));
    }

    @Test
    void onlyServersThatTakeJobsCount()
    {
        final StorageServerRecord draining = server(1, DRAM, NVME);
        draining.drain();
        final StorageServerRecord lost = server(2, NVME);
        lost.markLost(0);
        final List<StorageServerRecord> servers = List.of(draining, lost, server(3, DRAM));
        assertEquals(List.of(0), tiers.tiersFor(INSENSITIVE, servers));
        assertEquals(List.of(new WeightEntry(3, 1.0)), weights.weightsFor(INSENSITIVE, List.of(0), servers));

        final OutOfCapacityException ex = assertThrows(OutOfCapacityException.class,
            () -> tiers.tiersFor(SENSITIVE, List.of(draining, lost)));
        assertEquals("no storage server is available", ex.getMessage());
    }

    @Test
    void heartbeatsUpdateTheTiersAServerOffers()
    {
        final StorageServerRecord server = server(1, DRAM);
        assertTrue(server.offersTier(0));
        server.onHeartbeat(new StorageHeartbeat(1, 0, 0, 0,
            List.of(new TierUsage(0, BLOCK, 10, 90), new TierUsage(1, BLOCK, 0, 400))), 1);
        assertTrue(server.offersTier(1));
        assertEquals(List.of(1), tiers.tiersFor(INSENSITIVE, List.of(server)));
    }

    @Test
    void weightsCoverOnlyServersOfferingOneOfTheJobsTiers()
    {
        final List<StorageServerRecord> servers = List.of(server(1, DRAM, NVME), server(2, DRAM), server(3, NVME));
        assertEquals(List.of(new WeightEntry(1, 0.5), new WeightEntry(3, 0.5)),
            weights.weightsFor(INSENSITIVE, List.of(1), servers));
        final double third = 1.0 / 3;
        assertEquals(List.of(new WeightEntry(1, third), new WeightEntry(2, third), new WeightEntry(3, third)),
            weights.weightsFor(SENSITIVE, List.of(0, 1), servers));
    }

    @Test
    void controllerSendsThePlacementToTheMetadataServer() throws Exception
    {
        fixture = new ControllerFixture();
        final TestControllerClient client = fixture.client;
        client.registerMetadata(fixture.metadata.address());
        client.registerStorage("127.0.0.1", 7001, true, List.of(DRAM, NVME));
        client.registerStorage("127.0.0.1", 7002, true, List.of(DRAM));

        client.registerJob(SENSITIVE);
        assertEquals(new JobWeights("fast-1", List.of(new WeightEntry(1, 0.5), new WeightEntry(2, 0.5)),
            List.of(0, 1)), fixture.metadata.nextCreatedJob());
        client.registerJob(INSENSITIVE);
        assertEquals(new JobWeights("batch-2", List.of(new WeightEntry(1, 1.0)), List.of(1)),
            fixture.metadata.nextCreatedJob());

        assertEquals(List.of(List.of(0, 1), List.of(1)),
            client.status().jobs().stream().map(j -> j.tiers()).toList());
    }
}
