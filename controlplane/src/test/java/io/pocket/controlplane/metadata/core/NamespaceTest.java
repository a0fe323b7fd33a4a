package io.pocket.controlplane.metadata.core;

import io.pocket.client.BucketExistsException;
import io.pocket.client.BucketNotEmptyException;
import io.pocket.client.DataUnavailableException;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.OutOfCapacityException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules of the {@link MetadataStore}: namespace, write-once objects, deletes, persistence, capacity. */
class NamespaceTest
{
    private static final int BLOCK = 1024;
    private static final long TTL = 1_000;
    private static final int BLOCKS_PER_SERVER = 100;
    private static final String JOB = "J";
    private static final long OWNER = 7;

    private final AtomicLong clock = new AtomicLong(100);
    private MetadataStore store;

    @BeforeEach
    void setUp()
    {
        store = newStore(42);
        store.createJob(JOB, WeightMap.equal(1, 2, 3, 4));
    }

    /** Servers 1 and 2 are always on, 3 and 4 are not; 100 blocks each. */
    private MetadataStore newStore(final long seed)
    {
        final MetadataStore s = new MetadataStore(BLOCK, TTL, new SplittableRandom(seed), clock::get);
        s.addCapacity(1, 0, BLOCK, 0, BLOCKS_PER_SERVER, true);
        s.addCapacity(2, 0, BLOCK, 1000, BLOCKS_PER_SERVER, true);
        s.addCapacity(3, 1, BLOCK, 0, BLOCKS_PER_SERVER, false);
        s.addCapacity(4, 1, BLOCK, 5000, BLOCKS_PER_SERVER, false);
        return s;
    }

    private ObjectLocation put(final String job, final String name, final long size, final boolean persist)
    {
        final int blocks = (int)((size + BLOCK - 1) / BLOCK);
        final WriteGrant grant = store.createObject(job, name, persist, blocks, OWNER);
        assertEquals(blocks, grant.blocks().size());
        assertTrue(store.seal(job, grant.writeId(), size).isEmpty());
        return store.lookup(job, name);
    }

    private long allocated()
    {
        return store.stats().allocatedBlocks();
    }

    @Test
    void unknownJobAndDuplicateJob()
    {
        assertThrows(JobNotFoundException.class, () -> store.lookup("nope", "o"));
        assertThrows(JobNotFoundException.class, () -> store.createObject("nope", "o", false, 1, OWNER));
        assertThrows(JobNotFoundException.class, () -> store.freeJob("nope"));
        assertThrows(JobNotFoundException.class, () -> store.setWeights("nope", WeightMap.EMPTY));
        assertThrows(InvalidArgumentException.class, () -> store.createJob(JOB, WeightMap.EMPTY));
        assertThrows(InvalidArgumentException.class, () -> store.createJob("", WeightMap.EMPTY));
        assertThrows(InvalidArgumentException.class, () -> store.createJob("K", null));
        assertTrue(store.hasJob(JOB));
        assertFalse(store.hasJob("nope"));
    }

    @Test
    void createAllocatesFreshBlocksAndReservesTheName()
    {
        final WriteGrant grant = store.createObject(JOB, "o", false, 3, OWNER);

        assertEquals(3, grant.blocks().size());
        for (final AllocatedBlock ref : grant.blocks())
        {
            assertEquals(1, ref.generation());
            assertEquals(ref.serverId() <= 2 ? 0 : 1, ref.tier());
        }
        assertEquals(3, allocated());
        assertThrows(ObjectExistsException.class, () -> store.createObject(JOB, "o", false, 1, OWNER));

        store.seal(JOB, grant.writeId(), 3 * BLOCK);
        assertThrows(ObjectExistsException.class, () -> store.createObject(JOB, "o", true, 0, OWNER));
        assertEquals(3, allocated(), "failed creates allocate nothing");
    }

    @Test
    void unsealedObjectsAreInvisible()
    {
        final WriteGrant grant = store.createObject(JOB, "o", false, 1, OWNER);

        assertThrows(ObjectNotFoundException.class, () -> store.lookup(JOB, "o"));
        assertThrows(ObjectNotFoundException.class, () -> store.lookupForDelete(JOB, "o", OWNER));
        assertThrows(ObjectNotFoundException.class, () -> store.delete(JOB, "o"));
        assertTrue(store.enumerate(JOB, "").isEmpty());

        store.seal(JOB, grant.writeId(), 10);
        assertEquals(List.of(new ObjectInfo("o", 10, false)), store.enumerate(JOB, ""));
        assertEquals(10, store.lookup(JOB, "o").size());
    }

    @Test
    void sealFreesSurplusBlocksAndKeepsTheRestInOrder()
    {
        final WriteGrant grant = store.createObject(JOB, "o", false, 2, OWNER);
        final List<AllocatedBlock> more = store.allocate(JOB, grant.writeId(), 2);
        assertEquals(2, more.size());
        final List<AllocatedBlock> all = new ArrayList<>(grant.blocks());
        all.addAll(more);

        final List<AllocatedBlock> surplus = store.seal(JOB, grant.writeId(), BLOCK + 500);

        assertEquals(all.subList(2, 4), surplus);
        final ObjectLocation location = store.lookup(JOB, "o");
        assertEquals(all.subList(0, 2), location.blocks());
        assertEquals(BLOCK + 500, location.size());
        assertEquals(BLOCK, location.blockSize());
        assertFalse(location.persistent());
        assertEquals(2, allocated());
        assertThrows(ObjectNotFoundException.class, () -> store.seal(JOB, grant.writeId(), 1), "sealed twice");
        assertThrows(ObjectNotFoundException.class, () -> store.allocate(JOB, grant.writeId(), 1));
    }

    @Test
    void sealRejectsSizesThatDoNotFitAndKeepsTheWrite()
    {
        final WriteGrant grant = store.createObject(JOB, "o", false, 1, OWNER);

        assertThrows(InvalidArgumentException.class, () -> store.seal(JOB, grant.writeId(), BLOCK + 1));
        assertThrows(InvalidArgumentException.class, () -> store.seal(JOB, grant.writeId(), -1));
        store.allocate(JOB, grant.writeId(), 1);
        assertTrue(store.seal(JOB, grant.writeId(), BLOCK + 1).isEmpty());
        assertEquals(2, store.lookup(JOB, "o").blocks().size());
    }

    @Test
    void emptyObjectHasNoBlocks()
    {
        final WriteGrant grant = store.createObject(JOB, "e", false, 1, OWNER);
        assertEquals(grant.blocks(), store.seal(JOB, grant.writeId(), 0));

        final ObjectLocation location = store.lookup(JOB, "e");
        assertEquals(0, location.size());
        assertTrue(location.blocks().isEmpty());
        assertEquals(0, allocated());
        assertTrue(store.delete(JOB, "e").isEmpty());
    }

    @Test
    void abortFreesEverythingAndReleasesTheName()
    {
        final WriteGrant grant = store.createObject(JOB, "o", false, 2, OWNER);
        final List<AllocatedBlock> more = store.allocate(JOB, grant.writeId(), 1);

        final List<AllocatedBlock> freed = store.abort(JOB, grant.writeId());

        final List<AllocatedBlock> expected = new ArrayList<>(grant.blocks());
        expected.addAll(more);
        assertEquals(expected, freed);
        assertEquals(0, allocated());
        assertTrue(store.abort(JOB, grant.writeId()).isEmpty(), "abort is idempotent");
        assertThrows(ObjectNotFoundException.class, () -> store.seal(JOB, grant.writeId(), 1));
        store.createObject(JOB, "o", false, 1, OWNER);
    }

    @Test
    void abortOwnerReclaimsUnsealedWritesAndDeleteReadsInEveryJob()
    {
        store.createJob("K", WeightMap.equal(3));
        final WriteGrant w1 = store.createObject(JOB, "a", false, 2, OWNER);
        final WriteGrant w2 = store.createObject("K", "b", true, 1, OWNER);
        final ObjectLocation read = put(JOB, "c", 3 * BLOCK, false);
        final DeleteLease lease = store.lookupForDelete(JOB, "c", OWNER);
        final WriteGrant other = store.createObject(JOB, "d", false, 1, 8);
        final ObjectLocation kept = put(JOB, "e", 10, false);

        final List<AllocatedBlock> freed = store.abortOwner(OWNER);

        final Set<AllocatedBlock> expected = new HashSet<>(w1.blocks());
        expected.addAll(w2.blocks());
        expected.addAll(read.blocks());
        assertEquals(expected, new HashSet<>(freed));
        assertEquals(expected.size(), freed.size());
        assertEquals(2, allocated(), "the other owner's write and the sealed object remain");
        assertTrue(store.release(lease.readToken()).isEmpty(), "already reclaimed");
        assertThrows(ObjectNotFoundException.class, () -> store.seal(JOB, w1.writeId(), 1));
        store.createObject(JOB, "a", false, 1, 9);
        assertTrue(store.seal(JOB, other.writeId(), 1).isEmpty());
        assertSame(kept, store.lookup(JOB, "e"));
        assertTrue(store.abortOwner(OWNER).isEmpty());
    }

    @Test
    void outOfCapacityLeavesNothingAllocated()
    {
        final MetadataStore small = new MetadataStore(BLOCK, TTL, new SplittableRandom(1), clock::get);
        small.addCapacity(1, 0, BLOCK, 0, 4, false);
        small.addCapacity(2, 0, BLOCK, 0, 4, true);
        small.createJob(JOB, WeightMap.equal(1));

        final WriteGrant big = small.createObject(JOB, "big", false, 6, OWNER);
        assertEquals(4, big.blocks().size(), "as many as there are");
        final CapacityStats before = small.stats();

        assertThrows(OutOfCapacityException.class, () -> small.createObject(JOB, "x", false, 1, OWNER));
        assertThrows(OutOfCapacityException.class, () -> small.allocate(JOB, big.writeId(), 3));
        assertEquals(before, small.stats());
        small.createObject(JOB, "x", false, 0, OWNER);
        assertThrows(ObjectExistsException.class, () -> small.createObject(JOB, "x", false, 1, OWNER));

        assertEquals(4, small.abort(JOB, big.writeId()).size());
        final WriteGrant retry = small.createObject(JOB, "big", false, 4, OWNER);
        assertEquals(4, retry.blocks().size());
        assertTrue(retry.blocks().stream().allMatch(ref -> ref.generation() == 2), "reused blocks: next generation");
    }

    @Test
    void fullServerFallsBackToTheOthers()
    {
        final MetadataStore s = new MetadataStore(BLOCK, TTL, new SplittableRandom(3), clock::get);
        s.addCapacity(1, 0, BLOCK, 0, 2, false);
        s.addCapacity(2, 0, BLOCK, 0, 100, false);
        s.addCapacity(3, 0, BLOCK, 0, 100, false);
        s.createJob(JOB, WeightMap.of(Map.of(1, 0.9, 2, 0.1, 3, 0.0)));

        final WriteGrant grant = s.createObject(JOB, "o", false, 10, OWNER);

        assertEquals(2, grant.blocks().stream().filter(ref -> ref.serverId() == 1).count());
        assertEquals(8, grant.blocks().stream().filter(ref -> ref.serverId() == 2).count());
        assertEquals(0, s.stats().server(3).allocatedBlocks(), "weight 0: never used");
    }

    @Test
    void blocksFollowTheJobWeightMap()
    {
        store.setWeights(JOB, WeightMap.of(Map.of(3, 0.75, 4, 0.25)));
        assertEquals(WeightMap.of(Map.of(3, 0.75, 4, 0.25)), store.weights(JOB));

        final WriteGrant grant = store.createObject(JOB, "o", false, 120, OWNER);

        final long onThree = grant.blocks().stream().filter(ref -> ref.serverId() == 3).count();
        final long onFour = grant.blocks().stream().filter(ref -> ref.serverId() == 4).count();
        assertEquals(120, onThree + onFour);
        assertTrue(onThree > onFour, onThree + " vs " + onFour);
    }

    @Test
    void sameSeedGivesSameAllocations()
    {
        final MetadataStore a = newStore(77);
        final MetadataStore b = newStore(77);
        a.createJob(JOB, WeightMap.equal(1, 2, 3, 4));
        b.createJob(JOB, WeightMap.equal(1, 2, 3, 4));

        assertEquals(a.createObject(JOB, "o", false, 50, OWNER), b.createObject(JOB, "o", false, 50, OWNER));
        assertEquals(a.createObject(JOB, "p", true, 20, OWNER), b.createObject(JOB, "p", true, 20, OWNER));
    }

    @Test
    void persistAllocatesOnlyOnAlwaysOnServers()
    {
        store.setWeights(JOB, WeightMap.of(Map.of(1, 0.1, 3, 0.9)));
        final WriteGrant restricted = store.createObject(JOB, "p1", true, 30, OWNER);
        assertTrue(restricted.blocks().stream().allMatch(ref -> ref.serverId() == 1), restricted.toString());

        store.setWeights(JOB, WeightMap.equal(3, 4));
        final WriteGrant equal = store.createObject(JOB, "p2", true, 100, OWNER);
        final long onOne = equal.blocks().stream().filter(ref -> ref.serverId() == 1).count();
        final long onTwo = equal.blocks().stream().filter(ref -> ref.serverId() == 2).count();
        assertEquals(100, onOne + onTwo);
        assertTrue(onOne > 20 && onTwo > 20, onOne + " vs " + onTwo);

        final WriteGrant plain = store.createObject(JOB, "n", false, 50, OWNER);
        assertTrue(plain.blocks().stream().allMatch(ref -> ref.serverId() >= 3));
        assertTrue(store.allocate(JOB, restricted.writeId(), 5).stream().allMatch(ref -> ref.serverId() <= 2));
    }

    @Test
    void persistFailsWithoutAlwaysOnCapacity()
    {
        final MetadataStore s = new MetadataStore(BLOCK, TTL, new SplittableRandom(3), clock::get);
        s.addCapacity(3, 0, BLOCK, 0, 10, false);
        s.createJob(JOB, WeightMap.equal(3));

        assertThrows(OutOfCapacityException.class, () -> s.createObject(JOB, "p", true, 1, OWNER));
        assertEquals(0, s.stats().allocatedBlocks());
        s.createObject(JOB, "p", false, 1, OWNER);
    }

    @Test
    void freeJobReturnsEveryNonPersistentBlockAndAllCapacity()
    {
        final CapacityStats start = store.stats();
        final Set<AllocatedBlock> expected = new HashSet<>();
        store.createBucket(JOB, "b");
        for (int i = 0; i < 20; i++)
        {
            expected.addAll(put(JOB, "b/o" + i, i * 300L, false).blocks());
        }
        expected.addAll(store.createObject(JOB, "unsealed", false, 3, OWNER).blocks());
        expected.addAll(store.createObject(JOB, "unsealed-persist", true, 2, OWNER).blocks());
        expected.addAll(put(JOB, "read", 2 * BLOCK, false).blocks());
        final DeleteLease lease = store.lookupForDelete(JOB, "read", OWNER);

        final List<AllocatedBlock> freed = store.freeJob(JOB);

        assertEquals(expected, new HashSet<>(freed));
        assertEquals(expected.size(), freed.size());
        assertEquals(start, store.stats());
        assertTrue(store.release(lease.readToken()).isEmpty());
        assertFalse(store.hasJob(JOB), "nothing persistent left: the job is forgotten");
        assertThrows(JobNotFoundException.class, () -> store.lookup(JOB, "b/o1"));
        store.createJob(JOB, WeightMap.equal(1));
    }

    @Test
    void persistentObjectsSurviveFreeJob()
    {
        final ObjectLocation persistent = put(JOB, "p", 2 * BLOCK, true);
        final ObjectLocation second = put(JOB, "q", 10, true);
        put(JOB, "n", 10, false);
        final WriteGrant pending = store.createObject(JOB, "w", false, 1, OWNER);

        assertEquals(2, store.freeJob(JOB).size());

        assertTrue(store.hasJob(JOB));
        assertSame(persistent, store.lookup(JOB, "p"));
        assertEquals(List.of(persistent.info(), second.info()), store.enumerate(JOB, ""));
        assertThrows(ObjectNotFoundException.class, () -> store.lookup(JOB, "n"));
        assertThrows(JobNotFoundException.class, () -> store.createObject(JOB, "x", false, 1, OWNER));
        assertThrows(JobNotFoundException.class, () -> store.seal(JOB, pending.writeId(), 1));
        assertThrows(JobNotFoundException.class, () -> store.createBucket(JOB, "b"));
        assertThrows(JobNotFoundException.class, () -> store.setWeights(JOB, WeightMap.EMPTY));
        assertTrue(store.freeJob(JOB).isEmpty(), "second deregistration frees nothing");
        assertEquals(3, allocated());

        assertEquals(persistent.blocks(), store.delete(JOB, "p"));
        final DeleteLease lease = store.lookupForDelete(JOB, "q", OWNER);
        assertTrue(store.hasJob(JOB), "a delete-read is pending");
        assertEquals(second.blocks(), store.release(lease.readToken()));
        assertFalse(store.hasJob(JOB));
        assertThrows(JobNotFoundException.class, () -> store.lookup(JOB, "p"));
        assertEquals(0, allocated());
    }

    @Test
    void persistentObjectsExpireAfterTheirTtl()
    {
        clock.set(500);
        final ObjectLocation early = put(JOB, "early", 10, true);
        clock.set(700);
        final ObjectLocation late = put(JOB, "late", 10, true);
        put(JOB, "deleted", 10, true);
        put(JOB, "plain", 10, false);
        store.delete(JOB, "deleted");

        assertTrue(store.expire(1_499).isEmpty());
        assertEquals(early.blocks(), store.expire(1_500));
        assertThrows(ObjectNotFoundException.class, () -> store.lookup(JOB, "early"));
        assertSame(late, store.lookup(JOB, "late"));

        store.freeJob(JOB);
        clock.set(1_700);
        assertEquals(late.blocks(), store.expire());
        assertFalse(store.hasJob(JOB), "ended job with no persistent objects left is forgotten");
        assertEquals(0, allocated());
    }

    @Test
    void deleteFreesSealedObjects()
    {
        final ObjectLocation location = put(JOB, "o", 3 * BLOCK, false);

        assertEquals(location.blocks(), store.delete(JOB, "o"));
        assertEquals(0, allocated());
        assertThrows(ObjectNotFoundException.class, () -> store.delete(JOB, "o"));
        assertThrows(ObjectNotFoundException.class, () -> store.lookup(JOB, "o"));
        assertThrows(ObjectNotFoundException.class, () -> store.delete(JOB, "missing"));
        put(JOB, "o", 1, false);
    }

    @Test
    void lookupForDeleteHidesAtOnceAndFreesOnRelease()
    {
        final ObjectLocation location = put(JOB, "o", 2 * BLOCK, false);

        final DeleteLease lease = store.lookupForDelete(JOB, "o", OWNER);

        assertSame(location, lease.location());
        assertThrows(ObjectNotFoundException.class, () -> store.lookup(JOB, "o"));
        assertThrows(ObjectNotFoundException.class, () -> store.lookupForDelete(JOB, "o", OWNER));
        assertTrue(store.enumerate(JOB, "").isEmpty());
        assertEquals(2, allocated(), "blocks held until release");
        assertEquals(location.blocks(), store.release(lease.readToken()));
        assertTrue(store.release(lease.readToken()).isEmpty());
        assertEquals(0, allocated());
    }

    @Test
    void racingDeleteReadsSucceedExactlyOnce() throws Exception
    {
        final int threads = 8;
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        try
        {
            for (int round = 0; round < 200; round++)
            {
                final String name = "o" + round;
                final ObjectLocation location = put(JOB, name, BLOCK, false);
                final CyclicBarrier barrier = new CyclicBarrier(threads);
                final List<Future<DeleteLease>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    final long owner = t;
                    results.add(executor.submit(() ->
                    {
                        barrier.await();
                        try
                        {
                            return store.lookupForDelete(JOB, name, owner);
                        }
                        catch (final ObjectNotFoundException ex)
                        {
                            return null;
                        }
                    }));
                }

                final List<DeleteLease> winners = new ArrayList<>();
                for (final Future<DeleteLease> result : results)
                {
                    final DeleteLease lease = result.get(10, TimeUnit.SECONDS);
                    if (null != lease)
                    {
                        winners.add(lease);
                    }
                }
                assertEquals(1, winners.size(), "round " + round);
                assertEquals(location.blocks(), store.release(winners.get(0).readToken()));
            }
        }
        finally
        {
            executor.shutdownNow();
        }
        assertEquals(0, allocated());
    }

    @Test
    void concurrentJobsReturnAllCapacity() throws Exception
    {
        final int threads = 8;
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        final CapacityStats start = store.stats();
        try
        {
            final List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final String job = "job" + t;
                final long owner = 100 + t;
                store.createJob(job, WeightMap.equal(1, 2, 3, 4));
                results.add(executor.submit(() ->
                {
                    for (int i = 0; i < 2_000; i++)
                    {
                        final WriteGrant grant = store.createObject(job, "o" + i, false, 2, owner);
                        store.seal(job, grant.writeId(), BLOCK + i % BLOCK);
                        assertEquals(BLOCK + i % BLOCK, store.lookup(job, "o" + i).size());
                        if (i % 2 == 0)
                        {
                            store.delete(job, "o" + i);
                        }
                        else
                        {
                            store.release(store.lookupForDelete(job, "o" + i, owner).readToken());
                        }
                    }
                    store.createObject(job, "left-over", false, 1, owner);
                    return null;
                }));
            }
            for (final Future<?> result : results)
            {
                result.get(30, TimeUnit.SECONDS);
            }
        }
        finally
        {
            executor.shutdownNow();
        }

        assertEquals(8, allocated());
        for (int t = 0; t < threads; t++)
        {
            assertEquals(1, store.abortOwner(100 + t).size());
        }
        assertEquals(start, store.stats());
    }

    @Test
    void bucketRules()
    {
        final ObjectNotFoundException noBucket =
            assertThrows(ObjectNotFoundException.class, () -> store.createObject(JOB, "b/o", false, 1, OWNER));
        assertEquals("no bucket b in job J", noBucket.getMessage());

        store.createBucket(JOB, "b");
        assertThrows(BucketExistsException.class, () -> store.createBucket(JOB, "b"));
        final WriteGrant unsealed = store.createObject(JOB, "b/o", false, 1, OWNER);
        assertThrows(BucketNotEmptyException.class, () -> store.deleteBucket(JOB, "b"), "unsealed counts");
        store.seal(JOB, unsealed.writeId(), 5);
        assertThrows(BucketNotEmptyException.class, () -> store.deleteBucket(JOB, "b"));
        store.delete(JOB, "b/o");
        store.deleteBucket(JOB, "b");

        final ObjectNotFoundException missing =
            assertThrows(ObjectNotFoundException.class, () -> store.deleteBucket(JOB, "b"));
        assertTrue(missing.getMessage().startsWith("no bucket b"), missing.getMessage());
        assertThrows(ObjectNotFoundException.class, () -> store.enumerate(JOB, "b"));
        assertThrows(InvalidArgumentException.class, () -> store.createBucket(JOB, ""));
        assertThrows(InvalidArgumentException.class, () -> store.createBucket(JOB, "a/b"));
        assertThrows(InvalidArgumentException.class, () -> store.deleteBucket(JOB, ""));
    }

    @Test
    void enumerateListsSealedObjectsOfOneBucketSortedByName()
    {
        store.createBucket(JOB, "b");
        store.createBucket(JOB, "c");
        put(JOB, "b/zeta", 3, false);
        put(JOB, "b/alpha", 1, true);
        put(JOB, "b/mid", 2, false);
        put(JOB, "c/other", 2, false);
        put(JOB, "top", 4, false);
        store.createObject(JOB, "b/unsealed", false, 1, OWNER);

        assertEquals(
            List.of(new ObjectInfo("b/alpha", 1, true), new ObjectInfo("b/mid", 2, false),
                new ObjectInfo("b/zeta", 3, false)),
            store.enumerate(JOB, "b"));
        assertEquals(List.of(new ObjectInfo("top", 4, false)), store.enumerate(JOB, ""));
    }

    @Test
    void invalidNamesAreRejected()
    {
        final String tooLong = "x".repeat(ObjectNames.MAX_NAME_LENGTH + 1);
        for (final String bad : new String[]{ "", "/o", "b/", "/", "a/b/c", "a//b", "a\0b", tooLong, null })
        {
            assertThrows(InvalidArgumentException.class, () -> store.createObject(JOB, bad, false, 1, OWNER),
                "name " + bad);
            assertThrows(InvalidArgumentException.class, () -> store.lookup(JOB, bad), "name " + bad);
            assertThrows(InvalidArgumentException.class, () -> store.delete(JOB, bad), "name " + bad);
        }
        put(JOB, "x".repeat(ObjectNames.MAX_NAME_LENGTH), 1, false);
        assertThrows(InvalidArgumentException.class, () -> store.createObject(JOB, "o", false, -1, OWNER));
        assertEquals(1, allocated());
    }

    @Test
    void lostServerMakesItsObjectsUnavailable()
    {
        store.setWeights(JOB, WeightMap.equal(3, 4));
        final WriteGrant grant = store.createObject(JOB, "mixed", false, 40, OWNER);
        store.seal(JOB, grant.writeId(), 40L * BLOCK);
        store.setWeights(JOB, WeightMap.equal(4));
        final ObjectLocation safe = put(JOB, "safe", 3 * BLOCK, false);
        assertTrue(grant.blocks().stream().anyMatch(ref -> ref.serverId() == 3));

        assertTrue(store.serverLost(3));
        assertFalse(store.serverLost(3));
        assertFalse(store.serverLost(99));

        final DataUnavailableException unavailable =
            assertThrows(DataUnavailableException.class, () -> store.lookup(JOB, "mixed"));
        assertEquals("object mixed of job J is unavailable: storage server 3 was lost", unavailable.getMessage());
        assertThrows(DataUnavailableException.class, () -> store.lookupForDelete(JOB, "mixed", OWNER));
        assertSame(safe, store.lookup(JOB, "safe"));

        store.setWeights(JOB, WeightMap.equal(3, 4));
        assertTrue(store.createObject(JOB, "new", false, 30, OWNER).blocks().stream()
            .allMatch(ref -> ref.serverId() == 4), "nothing allocated on a lost server");

        final List<AllocatedBlock> freed = store.delete(JOB, "mixed");
        assertEquals(grant.blocks().stream().filter(ref -> ref.serverId() == 4).toList(), freed);
        assertThrows(ObjectNotFoundException.class, () -> store.lookup(JOB, "mixed"));

        final ServerStats lost = store.stats().server(3);
        assertTrue(lost.lost());
        assertEquals(0, lost.allocatedBlocks());
        assertEquals(3 * BLOCKS_PER_SERVER, store.stats().totalBlocks());
    }

    @Test
    void lookupSharesOneImmutableLocation()
    {
        final ObjectLocation location = put(JOB, "o", 2 * BLOCK, false);

        assertSame(location, store.lookup(JOB, "o"));
        assertThrows(UnsupportedOperationException.class, () -> location.blocks().clear());
        assertEquals(new ObjectInfo("o", 2 * BLOCK, false), location.info());
    }

    @Test
    void reusedBlocksCarryANewGeneration()
    {
        final MetadataStore s = new MetadataStore(BLOCK, TTL, new SplittableRandom(1), clock::get);
        s.addCapacity(1, 0, BLOCK, 10, 1, false);
        s.createJob(JOB, WeightMap.equal(1));

        for (int i = 1; i <= 3; i++)
        {
            final WriteGrant grant = s.createObject(JOB, "o", false, 1, OWNER);
            assertEquals(new AllocatedBlock(1, 0, 10, i), grant.blocks().get(0));
            s.seal(JOB, grant.writeId(), 1);
            assertEquals(grant.blocks(), s.delete(JOB, "o"));
        }
    }

    @Test
    void capacityRegistrationIsValidated()
    {
        assertThrows(IllegalArgumentException.class, () -> store.addCapacity(1, 0, BLOCK, 0, 10, false));
        assertThrows(IllegalArgumentException.class, () -> store.addCapacity(9, 0, BLOCK * 2, 0, 10, false));
        assertThrows(IllegalArgumentException.class, () -> store.addCapacity(9, 0, BLOCK, 0, 0, false));

        final CapacityStats stats = store.stats();
        assertEquals(4, stats.servers().size());
        assertEquals(4 * BLOCKS_PER_SERVER, stats.totalBlocks());
        assertEquals(4 * BLOCKS_PER_SERVER, stats.freeBlocks());
        assertEquals(new ServerStats(2, 0, BLOCK, true, false, BLOCKS_PER_SERVER, BLOCKS_PER_SERVER, 0),
            stats.server(2));
    }
}
