package io.pocket.controlplane.metadata.core;

import io.pocket.client.OutOfCapacityException;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.WeightEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier placement in the {@link MetadataStore}: tier order, overflow, sequential disk blocks, per-tier accounting. */
class PlacementTest
{
    private static final int DRAM = 0;
    private static final int NVME = 1;
    private static final int DISK = 2;
    private static final int BLOCK = 4096;
    private static final int DRAM_BLOCKS = 4;
    private static final int NVME_BLOCKS = 16;
    private static final long OWNER = 3;

    private MetadataStore store;

    /** Servers 1 and 2 (always on): DRAM and NVMe. Server 3 (not always on): DRAM only. */
    @BeforeEach
    void setUp()
    {
        store = new MetadataStore(BLOCK, 1_000, new SplittableRandom(7), System::nanoTime);
        store.addCapacity(1, DRAM, BLOCK, 0, DRAM_BLOCKS, true);
        store.addCapacity(1, NVME, BLOCK, 0, NVME_BLOCKS, true);
        store.addCapacity(2, NVME, BLOCK, 100, NVME_BLOCKS, true);
        store.addCapacity(2, DRAM, BLOCK, 100, DRAM_BLOCKS, true);
        store.addCapacity(3, DRAM, BLOCK, 0, DRAM_BLOCKS, false);
    }

    private List<AllocatedBlock> write(final String job, final String name, final int blocks, final boolean persist)
    {
        final WriteGrant grant = store.createObject(job, name, persist, blocks, OWNER);
        assertEquals(blocks, grant.blocks().size(), "blocks of " + name);
        assertTrue(store.seal(job, grant.writeId(), (long)blocks * BLOCK).isEmpty());
        return grant.blocks();
    }

    private static Set<Integer> tiersOf(final List<AllocatedBlock> blocks)
    {
        final Set<Integer> tiers = new HashSet<>();
        blocks.forEach(b -> tiers.add(b.tier()));
        return tiers;
    }

    @Test
    void dramOnlyJobNeverUsesNvmeAndRunsOutWhenDramIsFull()
    {
        store.createJob("j", WeightMap.equal(1, 2, 3).withTiers(DRAM));
        final List<AllocatedBlock> blocks = write("j", "a", 3 * DRAM_BLOCKS, false);
        assertEquals(Set.of(DRAM), tiersOf(blocks));
        assertEquals(3 * DRAM_BLOCKS, store.stats().allocatedBlocks(DRAM));
        assertEquals(0, store.stats().allocatedBlocks(NVME));

        assertThrows(OutOfCapacityException.class, () -> store.createObject("j", "b", false, 1, OWNER));
    }

    @Test
    void nvmeOnlyJobSkipsServersWithoutNvmeAndLeavesDramFree()
    {
        store.createJob("j", WeightMap.equal(1, 2, 3).withTiers(NVME));
        final List<AllocatedBlock> blocks = write("j", "a", 2 * NVME_BLOCKS, false);
        assertEquals(Set.of(NVME), tiersOf(blocks));
        final Set<Integer> servers = new HashSet<>();
        blocks.forEach(b -> servers.add(b.serverId()));
        assertEquals(Set.of(1, 2), servers, "server 3 has no NVMe");
        assertEquals(0, store.stats().allocatedBlocks(DRAM));
        assertEquals(NVME_BLOCKS, store.stats().server(1, NVME).allocatedBlocks());
        assertEquals(NVME_BLOCKS, store.stats().server(2, NVME).allocatedBlocks());
        assertThrows(OutOfCapacityException.class, () -> store.createObject("j", "b", false, 1, OWNER));
    }

    @Test
    void dramThenNvmeJobOverflowsToNvmeOnlyWhenItsDramShareIsFull()
    {
        store.createJob("j", WeightMap.equal(1, 2).withTiers(DRAM, NVME));
        final List<AllocatedBlock> first = write("j", "a", 2 * DRAM_BLOCKS, false);
        assertEquals(Set.of(DRAM), tiersOf(first), "DRAM first");

        final List<AllocatedBlock> overflow = write("j", "b", 5, false);
        assertEquals(Set.of(NVME), tiersOf(overflow), "then NVMe");
        assertEquals(0, store.stats().server(3, DRAM).allocatedBlocks(), "server 3 is not in the job's map");

        store.delete("j", "a");
        assertEquals(Set.of(DRAM), tiersOf(write("j", "c", 1, false)), "DRAM again once it has room");
    }

    @Test
    void oneObjectSpansBothTiersInOrder()
    {
        store.createJob("j", WeightMap.equal(1).withTiers(DRAM, NVME));
        final WriteGrant grant = store.createObject("j", "big", false, DRAM_BLOCKS, OWNER);
        final List<AllocatedBlock> more = store.allocate("j", grant.writeId(), 3);
        assertEquals(Set.of(DRAM), tiersOf(grant.blocks()));
        assertEquals(Set.of(NVME), tiersOf(more));
        final List<AllocatedBlock> freed = store.abort("j", grant.writeId());
        assertEquals(DRAM_BLOCKS + 3, freed.size());
        assertEquals(0, store.stats().allocatedBlocks());
    }

    @Test
    void weightsChooseWithinTheCurrentTier()
    {
        store.createJob("j", WeightMap.of(Map.of(1, 1.0, 2, 0.0)).withTiers(NVME, DRAM));
        final List<AllocatedBlock> blocks = write("j", "a", NVME_BLOCKS + DRAM_BLOCKS, false);
        for (final AllocatedBlock b : blocks)
        {
            assertEquals(1, b.serverId(), "weight 0 is never chosen, in any tier: " + b);
        }
        assertEquals(NVME_BLOCKS, store.stats().server(1, NVME).allocatedBlocks());
        assertEquals(DRAM_BLOCKS, store.stats().server(1, DRAM).allocatedBlocks());
    }

    @Test
    void persistentBlocksFollowTheTierOrderOnAlwaysOnServers()
    {
        store.createJob("j", WeightMap.equal(3).withTiers(DRAM, NVME));
        final List<AllocatedBlock> blocks = write("j", "p", 2 * DRAM_BLOCKS + 2, true);
        for (int i = 0; i < blocks.size(); i++)
        {
            final AllocatedBlock b = blocks.get(i);
            assertNotEquals(3, b.serverId(), "server 3 is not always on");
            assertEquals(i < 2 * DRAM_BLOCKS ? DRAM : NVME, b.tier(), "block " + i);
        }
    }

    @Test
    void noTierOrderMeansAnyTierLowestFirstPerServer()
    {
        store.createJob("j", WeightMap.equal(1));
        final List<AllocatedBlock> blocks = write("j", "a", DRAM_BLOCKS + NVME_BLOCKS, false);
        for (int i = 0; i < blocks.size(); i++)
        {
            assertEquals(i < DRAM_BLOCKS ? DRAM : NVME, blocks.get(i).tier(), "block " + i);
        }
    }

    @Test
    void diskBlocksAreHandedOutSequentially()
    {
        store.addCapacity(4, DISK, BLOCK, 500, 8, false);
        store.createJob("j", WeightMap.equal(4).withTiers(DISK));
        final List<AllocatedBlock> a = write("j", "a", 3, false);
        final List<AllocatedBlock> b = write("j", "b", 2, false);
        assertEquals(List.of(500L, 501L, 502L), ids(a));
        assertEquals(List.of(503L, 504L), ids(b));

        store.delete("j", "a");
        assertEquals(List.of(505L, 506L, 507L, 500L), ids(write("j", "c", 4, false)),
            "on past the freed blocks to the end, then wrap to the first free one");
        assertEquals(List.of(501L, 502L), ids(write("j", "d", 2, false)));
        assertThrows(OutOfCapacityException.class, () -> store.createObject("j", "e", false, 1, OWNER));
    }

    @Test
    void freeingAJobReturnsEveryTiersBlocks()
    {
        store.createJob("j", WeightMap.equal(1, 2).withTiers(DRAM, NVME));
        final List<AllocatedBlock> written = new ArrayList<>(write("j", "a", 2 * DRAM_BLOCKS + 6, false));
        final CapacityStats full = store.stats();
        assertEquals(2 * DRAM_BLOCKS, full.allocatedBlocks(DRAM));
        assertEquals(6, full.allocatedBlocks(NVME));
        assertEquals(3 * DRAM_BLOCKS, full.totalBlocks(DRAM));
        assertEquals(2 * NVME_BLOCKS, full.totalBlocks(NVME));

        final List<AllocatedBlock> freed = store.freeJob("j");
        assertEquals(Set.copyOf(written), Set.copyOf(freed));
        assertEquals(0, store.stats().allocatedBlocks());
        assertEquals(3 * DRAM_BLOCKS + 2 * NVME_BLOCKS, store.stats().freeBlocks());
    }

    @Test
    void aLostServerLosesEveryTier()
    {
        store.createJob("j", WeightMap.equal(1, 2).withTiers(DRAM, NVME));
        assertTrue(store.serverLost(1));
        final List<AllocatedBlock> blocks = write("j", "a", DRAM_BLOCKS + NVME_BLOCKS, false);
        blocks.forEach(b -> assertEquals(2, b.serverId()));
        assertTrue(store.stats().server(1, NVME).lost());
        assertEquals(2 * DRAM_BLOCKS, store.stats().totalBlocks(DRAM), "live DRAM: servers 2 and 3");
        assertEquals(NVME_BLOCKS, store.stats().totalBlocks(NVME), "live NVMe: server 2");
    }

    @Test
    void aTierIsOfferedOnceAndWithTheSameAlwaysOn()
    {
        assertThrows(IllegalArgumentException.class, () -> store.addCapacity(1, NVME, BLOCK, 50, 4, true));
        assertThrows(IllegalArgumentException.class, () -> store.addCapacity(3, NVME, BLOCK, 0, 4, true));
        assertNull(store.stats().server(3, NVME));
        assertThrows(IllegalArgumentException.class, () -> store.addCapacity(5, -1, BLOCK, 0, 4, true));
        assertThrows(IllegalArgumentException.class, () -> store.addCapacity(5, 256, BLOCK, 0, 4, true));
    }

    @Test
    void placementTravelsInJobWeights()
    {
        final JobWeights message = new JobWeights("j", List.of(new WeightEntry(2, 0.5), new WeightEntry(1, 0.5)),
            List.of(DRAM, NVME));
        final WeightMap map = WeightMap.from(message);
        assertEquals(WeightMap.of(Map.of(1, 0.5, 2, 0.5)).withTiers(DRAM, NVME), map);
        assertEquals(2, map.tierCount());
        assertEquals(DRAM, map.tierAt(0));
        assertEquals(NVME, map.tierAt(1));
        assertNotEquals(WeightMap.of(Map.of(1, 0.5, 2, 0.5)), map, "tiers are part of the placement");
        assertEquals(0, WeightMap.from(new JobWeights("j", List.of(new WeightEntry(1, 1.0)))).tierCount());

        assertThrows(IllegalArgumentException.class, () -> WeightMap.equal(1).withTiers(NVME, NVME));
        assertThrows(IllegalArgumentException.class, () -> WeightMap.equal(1).withTiers(-1));
        assertThrows(IllegalArgumentException.class, () -> WeightMap.equal(1).withTiers(256));
    }

    private static List<Long> ids(final List<AllocatedBlock> blocks)
    {
        return blocks.stream().map(AllocatedBlock::blockId).toList();
    }
}
