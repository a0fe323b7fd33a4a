package io.pocket.dataplane.tier;

import io.pocket.protocol.TierKind;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.pocket.dataplane.tier.BlockStatus.CLOSED;
import static io.pocket.dataplane.tier.BlockStatus.MISALIGNED_OR_TOO_LONG;
import static io.pocket.dataplane.tier.BlockStatus.NOT_WRITTEN;
import static io.pocket.dataplane.tier.BlockStatus.OK;
import static io.pocket.dataplane.tier.BlockStatus.OUT_OF_RANGE;
import static io.pocket.dataplane.tier.BlockStatus.STALE_GENERATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DramTierTest
{
    private static final int KB = 1024;
    private static final int MB = 1024 * KB;
    private static final int BLOCK = 4 * KB;

    private DramTier tier;

    @AfterEach
    void after()
    {
        if (null != tier)
        {
            tier.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -4096, 3 * KB, 2 * MB, 2 * KB, 12 * KB, 4 * KB + 1 })
    void shouldRejectInvalidBlockSize(final int blockSize)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> new DramTier(16L * MB, blockSize));
        assertTrue(ex.getMessage().contains(String.valueOf(blockSize)), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 4 * KB, 64 * KB, MB })
    void shouldAcceptValidBlockSize(final int blockSize)
    {
        tier = new DramTier(4L * MB, blockSize);
        assertEquals(blockSize, tier.blockSize());
        assertEquals(4L * MB / blockSize, tier.blockCount());
        assertEquals(4L * MB, tier.capacityBytes());
        assertEquals(TierKind.DRAM, tier.kind());
        assertEquals(tier.blockCount(), tier.freeBlocks());
        assertEquals(0, tier.usedBlocks());
    }

    @Test
    void shouldRoundCapacityDownAndRejectBelowOneBlock()
    {
        tier = new DramTier(3L * BLOCK + 100, BLOCK);
        assertEquals(3, tier.blockCount());
        assertEquals(3L * BLOCK, tier.capacityBytes());

        assertThrows(IllegalArgumentException.class, () -> new DramTier(BLOCK - 1, BLOCK));
        assertThrows(IllegalArgumentException.class, () -> new DramTier(0, BLOCK));
        assertThrows(IllegalArgumentException.class, () -> new DramTier(-1, BLOCK));
    }

    @Test
    void shouldPretouch()
    {
        tier = new DramTier(MB, BLOCK, true);
        assertEquals(OK, tier.beginWrite(0, 1, 0, BLOCK));
    }

    @Test
    void shouldReadOnlyTheGenerationWritten()
    {
        tier = new DramTier(MB, BLOCK);

        assertEquals(NOT_WRITTEN, tier.checkRead(3, 7, 0, BLOCK));
        assertEquals(OK, tier.beginWrite(3, 7, 0, 100));
        assertEquals(OK, tier.beginWrite(3, 7, 100, BLOCK - 100));
        assertEquals(OK, tier.checkRead(3, 7, 0, BLOCK));
        assertEquals(OK, tier.confirmRead(3, 7));
        assertEquals(7, tier.generation(3));
        assertEquals(STALE_GENERATION, tier.checkRead(3, 6, 0, BLOCK));
        assertEquals(NOT_WRITTEN, tier.checkRead(3, 8, 0, BLOCK));
        assertEquals(NOT_WRITTEN, tier.checkRead(4, 7, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.checkRead(3, 0, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.beginWrite(3, 0, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.beginWrite(3, -1, 0, BLOCK));
    }

    @Test
    void shouldRejectStaleGenerationAfterFreeAndReuse()
    {
        tier = new DramTier(MB, BLOCK);

        assertEquals(OK, tier.beginWrite(5, 10, 0, BLOCK));
        assertEquals(OK, tier.free(5, 10));
        assertEquals(-10, tier.generation(5), "a freed block remembers its last generation, negated");
        assertEquals(STALE_GENERATION, tier.checkRead(5, 10, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.free(5, 10));
        assertEquals(0, tier.usedBlocks());
        assertEquals(STALE_GENERATION, tier.beginWrite(5, 10, 0, BLOCK), "a late write of the freed generation");
        assertEquals(0, tier.usedBlocks(), "a late write must not bring the freed block back");

        assertEquals(OK, tier.beginWrite(5, 11, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.checkRead(5, 10, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.confirmRead(5, 10));
        assertEquals(STALE_GENERATION, tier.beginWrite(5, 10, 0, BLOCK));
        assertEquals(OK, tier.checkRead(5, 11, 0, BLOCK));

        assertEquals(OK, tier.beginWrite(5, 12, 0, BLOCK), "reuse without a free in between");
        assertEquals(STALE_GENERATION, tier.checkRead(5, 11, 0, BLOCK));
        assertEquals(1, tier.usedBlocks());
    }

    @Test
    void shouldEndAWriteOnlyIfNoNewerGenerationTookTheBlockMeanwhile()
    {
        tier = new DramTier(MB, BLOCK);

        assertEquals(OK, tier.beginWrite(4, 3, 0, BLOCK));
        assertEquals(OK, tier.endWrite(4, 3));
        assertEquals(OK, tier.checkRead(4, 3, 0, BLOCK));

        assertEquals(OK, tier.free(4, 3));
        assertEquals(STALE_GENERATION, tier.endWrite(4, 3), "freed while the bytes landed");
        assertEquals(-3, tier.generation(4), "a free block stays free");

        assertEquals(OK, tier.beginWrite(4, 5, 0, BLOCK));
        assertEquals(OK, tier.beginWrite(4, 6, 0, BLOCK));
        assertEquals(1, tier.usedBlocks());
        assertEquals(STALE_GENERATION, tier.endWrite(4, 5), "reused by generation 6 while 5's bytes landed");
        assertEquals(-6, tier.generation(4), "the newer generation may hold mixed bytes: it is marked freed");
        assertEquals(0, tier.usedBlocks());
        assertEquals(STALE_GENERATION, tier.checkRead(4, 6, 0, BLOCK), "its owner's read fails instead");
        assertEquals(STALE_GENERATION, tier.endWrite(4, 6));

        assertEquals(OUT_OF_RANGE, tier.endWrite(tier.blockCount(), 1));
        tier.close();
        assertEquals(CLOSED, tier.endWrite(4, 7));
    }

    @Test
    void shouldNotClearNewerWriteOnLateFree()
    {
        tier = new DramTier(MB, BLOCK);

        assertEquals(OK, tier.beginWrite(2, 1, 0, BLOCK));
        assertEquals(OK, tier.beginWrite(2, 2, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.free(2, 1));
        assertEquals(OK, tier.checkRead(2, 2, 0, BLOCK));
        assertEquals(1, tier.usedBlocks());

        assertEquals(STALE_GENERATION, tier.free(2, 0));
        assertEquals(NOT_WRITTEN, tier.free(2, 3), "free of a generation never written here");
        assertEquals(0, tier.usedBlocks(), "the block was reallocated and freed: its older data is dead");
        assertEquals(STALE_GENERATION, tier.checkRead(2, 2, 0, BLOCK));
        assertEquals(STALE_GENERATION, tier.beginWrite(2, 3, 0, BLOCK), "the write of the freed generation comes late");
        assertEquals(0, tier.usedBlocks());
        assertEquals(OK, tier.beginWrite(2, 4, 0, BLOCK), "the next allocation writes normally");
        assertEquals(1, tier.usedBlocks());
    }

    @Test
    void shouldRejectOutOfRangeBlocks()
    {
        tier = new DramTier(MB, BLOCK);
        final long count = tier.blockCount();

        for (final long id : new long[]{ -1, count, Long.MAX_VALUE, Long.MIN_VALUE, (long)Integer.MAX_VALUE + 1 })
        {
            assertEquals(OUT_OF_RANGE, tier.beginWrite(id, 1, 0, 1));
            assertEquals(OUT_OF_RANGE, tier.checkRead(id, 1, 0, 1));
            assertEquals(OUT_OF_RANGE, tier.confirmRead(id, 1));
            assertEquals(OUT_OF_RANGE, tier.free(id, 1));
            assertEquals(OUT_OF_RANGE, tier.validateRange(id, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> tier.address(id));
        }

        assertEquals(OK, tier.beginWrite(count - 1, 1, 0, BLOCK));
        assertEquals(0, tier.usedBlocks() - 1);
    }

    @Test
    void shouldRejectBadOffsetAndLength()
    {
        tier = new DramTier(MB, BLOCK);

        final int[][] bad = {
            { -1, 1 }, { 0, -1 }, { 0, BLOCK + 1 }, { BLOCK, 1 }, { 1, BLOCK },
            { Integer.MAX_VALUE, 1 }, { 1, Integer.MAX_VALUE }, { Integer.MAX_VALUE, Integer.MAX_VALUE },
            { Integer.MIN_VALUE, 1 }, { BLOCK / 2, Integer.MIN_VALUE } };
        for (final int[] range : bad)
        {
            assertEquals(MISALIGNED_OR_TOO_LONG, tier.beginWrite(0, 1, range[0], range[1]));
            assertEquals(MISALIGNED_OR_TOO_LONG, tier.checkRead(0, 1, range[0], range[1]));
        }
        assertEquals(0, tier.usedBlocks(), "rejected writes must not take the block");
        assertEquals(0, tier.generation(0));

        assertEquals(OK, tier.beginWrite(0, 1, 0, 0));
        assertEquals(OK, tier.beginWrite(0, 1, BLOCK, 0));
        assertEquals(OK, tier.beginWrite(0, 1, BLOCK - 1, 1));
        assertEquals(OK, tier.checkRead(0, 1, 0, BLOCK));
    }

    @Test
    void shouldReadBackBytesWrittenAtAddress()
    {
        tier = new DramTier(MB, BLOCK);
        final long count = tier.blockCount();
        assertEquals(tier.arenaAddress(), tier.address(0));
        assertEquals(tier.arenaAddress() + (count - 1) * BLOCK, tier.address(count - 1));

        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        for (long id = 0; id < count; id++)
        {
            assertEquals(OK, tier.beginWrite(id, id + 1, 0, BLOCK));
            buffer.wrap(tier.address(id), BLOCK);
            for (int i = 0; i < BLOCK; i += 8)
            {
                buffer.putLong(i, id * 1_000_003L + i);
            }
        }

        for (long id = 0; id < count; id++)
        {
            assertEquals(OK, tier.checkRead(id, id + 1, 0, BLOCK));
            buffer.wrap(tier.address(id), BLOCK);
            for (int i = 0; i < BLOCK; i += 8)
            {
                assertEquals(id * 1_000_003L + i, buffer.getLong(i));
            }
            assertEquals(OK, tier.confirmRead(id, id + 1));
        }
    }

    @Test
    void shouldCountUsedAndFreeBlocks()
    {
        tier = new DramTier(64L * BLOCK, BLOCK);

        for (int id = 0; id < 10; id++)
        {
            assertEquals(OK, tier.beginWrite(id, 1, 0, BLOCK));
        }
        assertEquals(OK, tier.beginWrite(0, 1, 0, BLOCK), "same generation again does not count twice");
        assertEquals(OK, tier.beginWrite(1, 2, 0, BLOCK), "newer generation does not count twice");
        assertEquals(10, tier.usedBlocks());
        assertEquals(54, tier.freeBlocks());

        assertEquals(OK, tier.free(0, 1));
        assertEquals(STALE_GENERATION, tier.free(1, 1));
        assertEquals(OK, tier.free(1, 2));
        assertEquals(STALE_GENERATION, tier.free(0, 1), "a second free of the same generation");
        assertEquals(8, tier.usedBlocks());
        assertEquals(56, tier.freeBlocks());
    }

    @Test
    void resetForgetsEveryBlock()
    {
        tier = new DramTier(MB, BLOCK);
        assertEquals(OK, tier.beginWrite(1, 5, 0, BLOCK));
        assertEquals(OK, tier.beginWrite(2, 6, 0, BLOCK));
        assertEquals(OK, tier.free(2, 6));
        tier.reset();
        assertEquals(0, tier.usedBlocks());
        assertEquals(0, tier.generation(1));
        assertEquals(0, tier.generation(2));
        assertEquals(OK, tier.beginWrite(2, 1, 0, BLOCK), "a fresh offer starts again at generation one");
        assertEquals(1, tier.usedBlocks());
    }

    @Test
    void shouldCloseIdempotentlyAndRejectAfterClose()
    {
        tier = new DramTier(MB, BLOCK);
        assertEquals(OK, tier.beginWrite(1, 1, 0, BLOCK));

        tier.close();
        tier.close();
        assertTrue(tier.isClosed());

        assertEquals(CLOSED, tier.beginWrite(1, 2, 0, BLOCK));
        assertEquals(CLOSED, tier.checkRead(1, 1, 0, BLOCK));
        assertEquals(CLOSED, tier.confirmRead(1, 1));
        assertEquals(CLOSED, tier.free(1, 1));
        assertThrows(IllegalStateException.class, () -> tier.address(0));
        assertThrows(IllegalStateException.class, () -> tier.arenaAddress());
        assertThrows(IllegalStateException.class, () -> tier.generation(0));
        assertEquals(1, tier.usedBlocks());
        assertEquals(BLOCK, tier.blockSize());
        assertEquals("CLOSED", BlockStatus.describe(CLOSED));
    }

    @Test
    void shouldDescribeStatusesAndMapTierCodes()
    {
        assertEquals("OK", BlockStatus.describe(OK));
        assertEquals("STALE_GENERATION", BlockStatus.describe(STALE_GENERATION));
        assertEquals("UNKNOWN(99)", BlockStatus.describe(99));

        for (final TierKind kind : TierKind.values())
        {
            assertEquals(kind, TierKind.of(kind.code()));
        }
        assertEquals(0, TierKind.DRAM.code());
        assertEquals(1, TierKind.NVME.code());
        assertEquals(2, TierKind.DISK.code());
        assertThrows(IllegalArgumentException.class, () -> TierKind.of(3));
        assertThrows(IllegalArgumentException.class, () -> TierKind.of(-1));
    }

    @Test
    @Timeout(60)
    void shouldStayConsistentUnderConcurrentOperations() throws Exception
    {
        final int threads = 4;
        final int opsPerThread = 10_000;
        final int ownedPerThread = 16;
        final int sharedBlocks = 8;
        final int sharedBase = threads * ownedPerThread;
        tier = new DramTier((long)(sharedBase + sharedBlocks) * BLOCK, BLOCK);

        final AtomicLong generationSource = new AtomicLong();
        final CyclicBarrier start = new CyclicBarrier(threads);
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                futures.add(executor.submit(() ->
                {
                    runMixedOperations(thread, opsPerThread, ownedPerThread, sharedBase, sharedBlocks,
                        generationSource, start);
                    return null;
                }));
            }

            for (final Future<?> future : futures)
            {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally
        {
            executor.shutdownNow();
        }

        long live = 0;
        for (long id = 0; id < tier.blockCount(); id++)
        {
            if (tier.generation(id) > 0)
            {
                live++;
            }
        }
        assertEquals(live, tier.usedBlocks());
        assertEquals(tier.blockCount() - live, tier.freeBlocks());
    }

    private void runMixedOperations(
        final int thread,
        final int ops,
        final int owned,
        final int sharedBase,
        final int sharedBlocks,
        final AtomicLong generationSource,
        final CyclicBarrier start) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(thread * 31L + 7);
        final long[] model = new long[owned];
        final long[] lastShared = new long[sharedBlocks];
        final long firstOwned = (long)thread * owned;
        start.await();

        for (int i = 0; i < ops; i++)
        {
            final int op = random.nextInt(3);
            if (random.nextBoolean())
            {
                final int slot = random.nextInt(owned);
                final long id = firstOwned + slot;
                final long gen = 1 + random.nextInt(20);
                final long current = model[slot];
                if (0 == op)
                {
                    final int expected = gen == current || gen > Math.abs(current) ? OK : STALE_GENERATION;
                    assertEquals(expected, tier.beginWrite(id, gen, 0, BLOCK));
                    if (OK == expected)
                    {
                        model[slot] = gen;
                        new UnsafeBuffer(tier.address(id), 8).putLong(0, id ^ gen);
                    }
                }
                else if (1 == op)
                {
                    final int expected = gen == current ? OK : (Math.abs(current) >= gen ? STALE_GENERATION : NOT_WRITTEN);
                    assertEquals(expected, tier.free(id, gen));
                    if (STALE_GENERATION != expected)
                    {
                        model[slot] = -gen;
                    }
                }
                else if (current > 0)
                {
                    assertEquals(OK, tier.checkRead(id, current, 0, BLOCK));
                    assertEquals(id ^ current, new UnsafeBuffer(tier.address(id), 8).getLong(0));
                    assertEquals(STALE_GENERATION, tier.checkRead(id, current - 1 == 0 ? -1 : current - 1, 0, 1));
                }
                assertEquals(model[slot], tier.generation(id));
            }
            else
            {
                final int slot = random.nextInt(sharedBlocks);
                final long id = sharedBase + slot;
                if (0 == op)
                {
                    final long gen = generationSource.incrementAndGet();
                    final int status = tier.beginWrite(id, gen, 0, BLOCK);
                    assertTrue(OK == status || STALE_GENERATION == status, BlockStatus.describe(status));
                    if (OK == status)
                    {
                        lastShared[slot] = gen;
                        assertTrue(Math.abs(tier.generation(id)) >= gen, "generation only moves forward");
                    }
                }
                else if (1 == op)
                {
                    final int status = tier.free(id, lastShared[slot]);
                    assertTrue(OK == status || STALE_GENERATION == status || NOT_WRITTEN == status,
                        BlockStatus.describe(status));
                }
                else if (0 != lastShared[slot])
                {
                    final int status = tier.checkRead(id, lastShared[slot], 0, BLOCK);
                    assertTrue(OK == status || STALE_GENERATION == status || NOT_WRITTEN == status,
                        BlockStatus.describe(status));
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void shouldKeepHighestGenerationWhenWritersRace() throws Exception
    {
        tier = new DramTier(MB, BLOCK);
        final int threads = 4;
        final int perThread = 10_000;
        final CyclicBarrier start = new CyclicBarrier(threads);
        final Thread[] workers = new Thread[threads];
        final Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++)
        {
            final int thread = t;
            workers[t] = new Thread(() ->
            {
                try
                {
                    start.await();
                    for (int i = 0; i < perThread; i++)
                    {
                        final long gen = 1L + (long)i * threads + thread;
                        final int status = tier.beginWrite(0, gen, 0, BLOCK);
                        if (OK != status && STALE_GENERATION != status)
                        {
                            throw new AssertionError(BlockStatus.describe(status));
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    synchronized (failure)
                    {
                        failure[0] = ex;
                    }
                }
            });
            workers[t].start();
        }

        for (final Thread worker : workers)
        {
            worker.join();
        }

        synchronized (failure)
        {
            assertEquals(null, failure[0]);
        }
        assertEquals((long)perThread * threads, tier.generation(0));
        assertEquals(1, tier.usedBlocks());
    }

    @Test
    void shouldAllocateArenaLargerThanTwoGigabytes()
    {
        final long capacity = 5L * 512 * MB;
        tier = new DramTier(capacity, MB);
        assertEquals(capacity, tier.capacityBytes());
        assertEquals(2560, tier.blockCount());

        final long lastBlock = tier.blockCount() - 1;
        assertEquals(tier.arenaAddress() + capacity - MB, tier.address(lastBlock));
        assertTrue(tier.address(lastBlock) - tier.arenaAddress() > Integer.MAX_VALUE);

        assertEquals(OK, tier.beginWrite(lastBlock, 9, MB - 8, 8));
        final UnsafeBuffer buffer = new UnsafeBuffer(tier.address(lastBlock), MB);
        buffer.putLong(MB - 8, 0x1234_5678_9ABC_DEF0L);
        assertEquals(OK, tier.checkRead(lastBlock, 9, MB - 8, 8));
        assertEquals(0x1234_5678_9ABC_DEF0L, buffer.getLong(MB - 8));

        tier.close();
        assertTrue(tier.isClosed());
    }
}
