package io.pocket.dataplane.io;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random reads and writes of 4 KiB .. 64 KiB extents, keeping the queue full, each checked against the checksum of
 * what was last written there (zeros if never written). Two requests in flight never touch the same block or the
 * same buffer slot.
 */
final class RandomOperations implements IoEngine.CompletionHandler
{
    private static final int BLOCK = 4096;
    private static final int MAX_BLOCKS = 16;
    private static final int FILE_BLOCKS = 1024;

    private final IoEngine engine;
    private final IoTestFiles.AlignedBuffer region;
    private final SplittableRandom random;
    private final int slots;
    private final int slotSize = MAX_BLOCKS * BLOCK;
    private final long[] blockSeed = new long[FILE_BLOCKS];
    private final long[] zeroChecksums = new long[MAX_BLOCKS + 1];
    private final boolean[] blockBusy = new boolean[FILE_BLOCKS];
    private final boolean[] slotBusy;
    private final int[] slotFirstBlock;
    private final int[] slotBlocks;
    private final boolean[] slotWrite;
    private int completed;
    private int reads;

    RandomOperations(
        final IoEngine engine, final IoTestFiles.AlignedBuffer region, final int slots, final SplittableRandom random)
    {
        this.engine = engine;
        this.region = region;
        this.random = random;
        this.slots = slots;
        slotBusy = new boolean[slots];
        slotFirstBlock = new int[slots];
        slotBlocks = new int[slots];
        slotWrite = new boolean[slots];
        final IoTestFiles.AlignedBuffer zeros = new IoTestFiles.AlignedBuffer(MAX_BLOCKS * BLOCK);
        for (int i = 1; i <= MAX_BLOCKS; i++)
        {
            zeroChecksums[i] = zeros.checksum(0, i * BLOCK);
        }
        assertTrue(slots * slotSize <= region.memory.capacity());
    }

    void run(final int operations)
    {
        int issued = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (completed < operations)
        {
            boolean prepared = false;
            while (issued < operations && engine.inFlight() < engine.queueDepth())
            {
                if (!issueOne(issued))
                {
                    break;
                }
                issued++;
                prepared = true;
            }
            if (prepared)
            {
                final int submitted = engine.submit();
                assertTrue(submitted >= 0, "submit: " + IoStatus.describe(submitted));
            }
            if (engine.poll(this, 64) == 0)
            {
                engine.await(this, 64, TimeUnit.MILLISECONDS.toNanos(50));
            }
            if (System.nanoTime() > deadline)
            {
                fail("only " + completed + " of " + operations + " operations completed within 20 s");
            }
        }
        assertTrue(reads > operations / 4, "too few reads checked: " + reads);
    }

    private boolean issueOne(final int index)
    {
        final int slot = freeSlot();
        if (slot < 0)
        {
            return false;
        }
        final int blocks = 1 + random.nextInt(MAX_BLOCKS);
        final int first = random.nextInt(FILE_BLOCKS - blocks + 1);
        for (int b = first; b < first + blocks; b++)
        {
            if (blockBusy[b])
            {
                return false;
            }
        }
        final boolean write = random.nextInt(3) == 0;
        final int bufferOffset = slot * slotSize;
        final long address = region.address + bufferOffset;
        final int length = blocks * BLOCK;
        final int status;
        if (write)
        {
            for (int b = 0; b < blocks; b++)
            {
                final long seed = ((long)index << 8) | b | 1L << 40;
                region.fill(bufferOffset + b * BLOCK, BLOCK, seed);
                blockSeed[first + b] = seed;
            }
            status = engine.prepareWrite((long)first * BLOCK, address, length, slot);
        }
        else
        {
            region.zero(bufferOffset, length);
            status = engine.prepareRead((long)first * BLOCK, address, length, slot);
        }
        assertEquals(IoStatus.OK, status, IoStatus.describe(status));
        slotBusy[slot] = true;
        slotFirstBlock[slot] = first;
        slotBlocks[slot] = blocks;
        slotWrite[slot] = write;
        for (int b = first; b < first + blocks; b++)
        {
            blockBusy[b] = true;
        }
        return true;
    }

    @Override
    public void onComplete(final long userData, final int result)
    {
        final int slot = (int)userData;
        final int first = slotFirstBlock[slot];
        final int blocks = slotBlocks[slot];
        assertEquals(blocks * BLOCK, result, "result of " + (slotWrite[slot] ? "write" : "read") + ": " +
            IoStatus.describe(result));
        if (!slotWrite[slot])
        {
            reads++;
            final IoTestFiles.AlignedBuffer expected = new IoTestFiles.AlignedBuffer(BLOCK);
            for (int b = 0; b < blocks; b++)
            {
                final int offset = slot * slotSize + b * BLOCK;
                final long seed = blockSeed[first + b];
                final long want;
                if (seed == 0)
                {
                    want = zeroChecksums[1];
                }
                else
                {
                    expected.fill(0, BLOCK, seed);
                    want = expected.checksum(0, BLOCK);
                }
                assertEquals(want, region.checksum(offset, BLOCK), "block " + (first + b));
            }
        }
        for (int b = first; b < first + blocks; b++)
        {
            blockBusy[b] = false;
        }
        slotBusy[slot] = false;
        completed++;
    }

    private int freeSlot()
    {
        for (int i = 0; i < slots; i++)
        {
            if (!slotBusy[i])
            {
                return i;
            }
        }
        return -1;
    }
}
