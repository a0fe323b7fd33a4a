package io.pocket.controlplane.metadata.core;

import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectNotFoundException;
import org.agrona.UnsafeAccess;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inline objects in the {@link MetadataStore}: budget, per-job accounting, freeing on every path. */
class InlineStoreTest
{
    private static final int BLOCK = 4096;
    private final AtomicLong clock = new AtomicLong(1_000);
    private final MetadataStore store = new MetadataStore(BLOCK, 1_000_000, new SplittableRandom(1), clock::get,
        new InlineStore(1024, 2048));

    private boolean put(final String job, final String name, final boolean persist, final byte[] bytes)
    {
        return store.putInline(job, name, persist, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private byte[] read(final String job, final String name)
    {
        final byte[][] out = new byte[1][];
        final ObjectLocation location = store.lookup(job, name, (address, length) ->
        {
            out[0] = new byte[length];
            UnsafeAccess.UNSAFE.copyMemory(null, address, out[0], UnsafeAccess.ARRAY_BYTE_BASE_OFFSET, length);
        });
        assertTrue(location.inline());
        assertEquals(List.of(), location.blocks());
        return out[0];
    }

    @Test
    void storesWithinTheBudgetAndRefusesBeyondIt()
    {
        store.createJob("j-1", WeightMap.equal(1));
        assertTrue(put("j-1", "a", false, new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, read("j-1", "a"));
        assertFalse(put("j-1", "big", false, new byte[1025]), "above the object limit");
        assertFalse(store.hasJob("j-1") && store.enumerate("j-1", "").size() != 1, "a refused put creates nothing");
        assertTrue(put("j-1", "b", false, new byte[1024]));
        assertFalse(put("j-1", "c", false, new byte[1022]), "over the budget");
        assertTrue(put("j-1", "c", false, new byte[1021]));
        assertEquals(2048, store.inline().usedBytes());
        assertEquals(2048, store.inlineBytes("j-1"));
        assertThrows(ObjectExistsException.class, () -> put("j-1", "a", false, new byte[1]));
        assertThrows(ObjectNotFoundException.class, () -> put("j-1", "nob/x", false, new byte[1]));
        assertThrows(JobNotFoundException.class, () -> put("j-2", "x", false, new byte[1]));

        store.delete("j-1", "b");
        assertEquals(1024, store.inline().usedBytes());
        final DeleteLease lease = store.lookupForDelete("j-1", "a", 7, (address, length) -> assertEquals(3, length));
        assertEquals(0, lease.readToken());
        assertThrows(ObjectNotFoundException.class, () -> store.lookup("j-1", "a"));
        assertEquals(1021, store.inline().usedBytes());
    }

    @Test
    void deregistrationExpiryAndCloseFreeTheMemory()
    {
        store.createJob("j-1", WeightMap.equal(1));
        assertTrue(put("j-1", "kept", true, new byte[100]));
        assertTrue(put("j-1", "dropped", false, new byte[200]));
        assertEquals(List.of(), store.freeJob("j-1"));
        assertEquals(100, store.inline().usedBytes());
        assertEquals(1, store.enumerate("j-1", "").size());

        clock.addAndGet(2_000_000);
        assertEquals(List.of(), store.expire());
        assertEquals(0, store.inline().usedBytes());
        assertFalse(store.hasJob("j-1"), "forgotten once its last persistent object expired");

        store.createJob("j-2", WeightMap.equal(1));
        assertTrue(put("j-2", "x", false, new byte[10]));
        store.freeInline();
        assertEquals(0, store.inline().usedBytes());
        assertThrows(io.pocket.client.DataUnavailableException.class, () -> read("j-2", "x"));
    }
}
