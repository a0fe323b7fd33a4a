package io.pocket.controlplane.metadata.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockAllocatorTest
{
    private static final long FIRST = 1000;

    @Test
    void allocatesEveryBlockOnceThenReportsExhaustion()
    {
        final BlockAllocator allocator = new BlockAllocator(3, 1, 4096, FIRST, 5, false);
        assertEquals(5, allocator.freeCount());
        assertTrue(allocator.canAllocate());

        for (int i = 0; i < 5; i++)
        {
            assertEquals(FIRST + i, allocator.allocate());
        }

        assertEquals(-1, allocator.allocate());
        assertFalse(allocator.canAllocate());
        assertEquals(0, allocator.freeCount());
        assertEquals(5, allocator.allocatedCount());
    }

    @Test
    void freedBlocksAreReusedInFifoOrderAfterOtherFreeBlocks()
    {
        final BlockAllocator allocator = new BlockAllocator(1, 0, 64, FIRST, 4, false);
        assertEquals(FIRST, allocator.allocate());
        assertEquals(FIRST + 1, allocator.allocate());
        assertTrue(allocator.free(FIRST + 1));
        assertTrue(allocator.free(FIRST));

        assertEquals(FIRST + 2, allocator.allocate());
        assertEquals(FIRST + 3, allocator.allocate());
        assertEquals(FIRST + 1, allocator.allocate());
        assertEquals(FIRST, allocator.allocate());
        assertEquals(-1, allocator.allocate());
    }

    @Test
    void doubleFreeIsIgnored()
    {
        final BlockAllocator allocator = new BlockAllocator(1, 0, 64, FIRST, 3, false);
        final long a = allocator.allocate();
        final long b = allocator.allocate();

        assertTrue(allocator.free(a));
        assertFalse(allocator.free(a));
        assertFalse(allocator.free(FIRST + 2), "never allocated");
        assertFalse(allocator.free(FIRST - 1), "not of this server");
        assertFalse(allocator.free(FIRST + 3), "not of this server");
        assertEquals(2, allocator.freeCount());

        final Set<Long> ids = new HashSet<>();
        ids.add(b);
        long id;
        while ((id = allocator.allocate()) != -1)
        {
            assertTrue(ids.add(id), "handed out twice: " + id);
        }
        assertEquals(3, ids.size());
    }

    @Test
    void generationIncrementsPerAllocation()
    {
        final BlockAllocator allocator = new BlockAllocator(1, 0, 64, FIRST, 1, false);
        assertEquals(0, allocator.generation(FIRST));

        for (int i = 1; i <= 5; i++)
        {
            assertEquals(FIRST, allocator.allocate());
            assertEquals(i, allocator.generation(FIRST));
            assertTrue(allocator.isAllocated(FIRST));
            assertTrue(allocator.free(FIRST));
            assertFalse(allocator.isAllocated(FIRST));
            assertEquals(i, allocator.generation(FIRST), "free keeps the generation");
        }
        assertThrows(IllegalArgumentException.class, () -> allocator.generation(FIRST + 1));
    }

    @Test
    void lostServerAllocatesNothingButAccountsFrees()
    {
        final BlockAllocator allocator = new BlockAllocator(1, 0, 64, 0, 4, true);
        final long a = allocator.allocate();
        allocator.markLost();

        assertTrue(allocator.isLost());
        assertFalse(allocator.canAllocate());
        assertEquals(-1, allocator.allocate());
        assertTrue(allocator.free(a));
        assertEquals(0, allocator.allocatedCount());
    }

    @Test
    void matchesAQueueModelOverManyWrapArounds()
    {
        final int count = 37;
        final BlockAllocator allocator = new BlockAllocator(1, 0, 64, FIRST, count, false);
        final ArrayDeque<Long> modelFree = new ArrayDeque<>();
        for (int i = 0; i < count; i++)
        {
            modelFree.add(FIRST + i);
        }
        final List<Long> modelAllocated = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(7);

        for (int step = 0; step < 200_000; step++)
        {
            if (random.nextInt(3) != 0)
            {
                final long expected = modelFree.isEmpty() ? -1 : modelFree.poll();
                assertEquals(expected, allocator.allocate());
                if (expected != -1)
                {
                    modelAllocated.add(expected);
                }
            }
            else if (!modelAllocated.isEmpty())
            {
                final long id = modelAllocated.remove(random.nextInt(modelAllocated.size()));
                assertTrue(allocator.free(id));
                assertFalse(allocator.free(id));
                modelFree.add(id);
            }
            assertEquals(modelFree.size(), allocator.freeCount());
        }
    }

    @Test
    void sequentialAllocatorHandsOutAscendingAddressesAndWraps()
    {
        final BlockAllocator allocator = new BlockAllocator(1, 2, 64, FIRST, 5, false, true);
        assertTrue(allocator.isSequential());
        assertEquals(FIRST, allocator.allocate());
        assertEquals(FIRST + 1, allocator.allocate());
        assertEquals(FIRST + 2, allocator.allocate());
        assertTrue(allocator.free(FIRST + 1));
        assertTrue(allocator.free(FIRST));

        assertEquals(FIRST + 3, allocator.allocate(), "on past freed blocks, not back to them");
        assertEquals(FIRST + 4, allocator.allocate());
        assertEquals(FIRST, allocator.allocate(), "wraps at the end to the first free block");
        assertEquals(FIRST + 1, allocator.allocate());
        assertEquals(-1, allocator.allocate());
        assertEquals(2, allocator.generation(FIRST));
        assertEquals(1, allocator.generation(FIRST + 2));
    }

    @Test
    void sequentialAllocatorMatchesACursorModel()
    {
        final int count = 29;
        final BlockAllocator allocator = new BlockAllocator(1, 2, 64, FIRST, count, false, true);
        final boolean[] used = new boolean[count];
        final List<Long> modelAllocated = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(11);
        int cursor = 0;

        for (int step = 0; step < 100_000; step++)
        {
            if (random.nextInt(3) != 0)
            {
                long expected = -1;
                for (int i = 0; i < count; i++)
                {
                    final int offset = (cursor + i) % count;
                    if (!used[offset])
                    {
                        used[offset] = true;
                        cursor = (offset + 1) % count;
                        expected = FIRST + offset;
                        modelAllocated.add(expected);
                        break;
                    }
                }
                assertEquals(expected, allocator.allocate());
            }
            else if (!modelAllocated.isEmpty())
            {
                final long id = modelAllocated.remove(random.nextInt(modelAllocated.size()));
                assertTrue(allocator.free(id));
                assertFalse(allocator.free(id));
                used[(int)(id - FIRST)] = false;
            }
            assertEquals(count - modelAllocated.size(), allocator.freeCount());
        }
    }

    @Test
    void rejectsInvalidRanges()
    {
        assertThrows(IllegalArgumentException.class, () -> new BlockAllocator(1, 0, 0, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new BlockAllocator(1, 0, 64, -1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new BlockAllocator(1, 0, 64, 0, 0, false));
        assertThrows(IllegalArgumentException.class,
            () -> new BlockAllocator(1, 0, 64, 0, (long)Integer.MAX_VALUE + 1, false));
        assertThrows(IllegalArgumentException.class,
            () -> new BlockAllocator(1, 0, 64, Long.MAX_VALUE - 1, 10, false));
    }
}
