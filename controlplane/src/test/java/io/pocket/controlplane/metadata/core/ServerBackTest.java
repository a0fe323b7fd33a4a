package io.pocket.controlplane.metadata.core;

import io.pocket.client.DataUnavailableException;
import io.pocket.protocol.ControllerMessages.HeldJob;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ControllerMessages.ServerBack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storage server available again (SERVER_BACK): the same process after it was declared lost gets every object
 * back and the blocks freed meanwhile to free; a restarted process that kept only its NVMe blocks leaves the objects
 * with a DRAM block unavailable (never found with another owner's bytes), while allocation goes on above the gone
 * generations.
 */
class ServerBackTest
{
    private static final int BLOCK = 1024;
    private static final int DRAM = 0;
    private static final int NVME = 1;
    private static final String JOB = "J";
    private static final long OWNER = 7;

    private final AtomicLong clock = new AtomicLong(100);
    private MetadataStore store;

    @BeforeEach
    void setUp()
    {
        store = new MetadataStore(BLOCK, 1_000, new SplittableRandom(5), clock::get);
        store.addCapacity(1, DRAM, BLOCK, 0, 8, true);
        store.addCapacity(1, NVME, BLOCK, 0, 32, true);
    }

    private List<AllocatedBlock> put(final String name, final int blocks, final int... tiers)
    {
        store.createJob(name, WeightMap.equal(1).withTiers(tiers));
        final WriteGrant grant = store.createObject(name, "o", false, blocks, OWNER);
        assertTrue(store.seal(name, grant.writeId(), (long)blocks * BLOCK).isEmpty());
        return grant.blocks();
    }

    @Test
    void theSameProcessBackGetsEveryObjectAndFreesWhatWasFreedMeanwhile()
    {
        final List<AllocatedBlock> kept = put("kept", 3, DRAM);
        final List<AllocatedBlock> deleted = put("deleted", 2, NVME);
        assertTrue(store.serverLost(1));
        assertThrows(DataUnavailableException.class, () -> store.lookup("kept", "o"));
        assertEquals(List.of(), store.delete("deleted", "o"), "blocks of a lost server are not freed on it yet");

        assertEquals(deleted, store.serverBack(new ServerBack(1, ServerBack.ALL_TIERS)));
        assertEquals(kept, store.lookup("kept", "o").blocks());
        assertNull(store.serverBack(new ServerBack(1, ServerBack.ALL_TIERS)), "a live server is not back twice");
        assertNull(store.serverBack(new ServerBack(9, ServerBack.ALL_TIERS)), "an unknown server");
    }

    @Test
    void aControllerThatRestartsGetsBackEveryJobWithItsHints()
    {
        final RegisterJob hints = new RegisterJob("etl", 8, 1L << 30, 0, false);
        store.createJob("etl-4", WeightMap.equal(1).withTiers(NVME), hints);
        put("kept", 1, DRAM);
        store.freeJob("kept");
        final List<HeldJob> held = store.heldJobs();
        assertEquals(1, held.size(), "an ended job with nothing left is forgotten");
        assertEquals(new HeldJob(WeightMap.equal(1).withTiers(NVME).toMessage("etl-4"), hints, false), held.get(0));
        assertEquals(List.of(1), store.serverIds());
    }

    @Test
    void aRestartThatKeptOnlyNvmeLosesTheDramObjectsOnly()
    {
        final List<AllocatedBlock> dram = put("dram", 4, DRAM);
        final List<AllocatedBlock> nvme = put("nvme", 4, NVME);
        final ObjectLocation before = store.lookup("nvme", "o");

        assertEquals(List.of(), store.serverBack(new ServerBack(1, 1 << NVME)), "restarted before it was declared lost");
        final DataUnavailableException ex = assertThrows(DataUnavailableException.class, () -> store.lookup("dram", "o"));
        assertEquals("object o of job dram is unavailable: storage server 1 restarted without its DRAM blocks",
            ex.getMessage());
        assertSame(before, store.lookup("nvme", "o"));
        assertEquals(nvme, store.lookup("nvme", "o").blocks());

        final List<AllocatedBlock> fresh = put("fresh", 4, DRAM);
        assertEquals(4, store.lookup("fresh", "o").blocks().size());
        for (final AllocatedBlock ref : fresh)
        {
            assertTrue(dram.stream().allMatch(old -> old.blockId() != ref.blockId() ||
                old.generation() < ref.generation()), "a block reused after the restart has a newer generation");
        }
        assertEquals(dram, store.delete("dram", "o"), "the gone object's blocks are freed with it");
        assertEquals(4 + 4, store.stats().allocatedBlocks());
    }
}
