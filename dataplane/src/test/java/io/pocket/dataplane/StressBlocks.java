package io.pocket.dataplane;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The blocks one connection of a stress test owns, with what each must hold: it draws the next request (a write of
 * fresh random bytes, or a read of bytes written before) with lengths around the placement threshold
 * ({@code MIN_PLACED_DATA} 4096: 4095, 4096, 4097) and the block boundaries, and keeps the expected image of every
 * block up to date as writes are drawn. A storage server handles a connection's DRAM requests in order, so a read
 * must return the image as it was when the read was drawn. A block read in a round is not written again in that round:
 * a read is answered from the arena itself, so its bytes must not change until the answer has arrived (docs/design.md,
 * "Zero copy").
 */
final class StressBlocks
{
    /** Lengths that sit on the edges: below, at and above the placement threshold and the block size. */
    private static final int[] EDGES = {1, 55, 56, 57, 4095, 4096, 4097, 8191, 8192, 8193};

    /** One request: a write of {@code bytes}, or a read that must answer {@code bytes}. */
    record Op(boolean write, long blockId, int offset, byte[] bytes)
    {
        int length()
        {
            return bytes.length;
        }
    }

    private final long firstBlock;
    private final int blockSize;
    private final byte[][] images;
    private final boolean[] readThisRound;
    private final SplittableRandom random;

    StressBlocks(final long firstBlock, final int blocks, final int blockSize, final long seed)
    {
        this.firstBlock = firstBlock;
        this.blockSize = blockSize;
        this.images = new byte[blocks][];
        this.readThisRound = new boolean[blocks];
        this.random = new SplittableRandom(seed);
    }

    SplittableRandom random()
    {
        return random;
    }

    /** Starts a round: every block may be written again, as the answers of the last round have all arrived. */
    void newRound()
    {
        Arrays.fill(readThisRound, false);
    }

    /**
     * The next request: a whole block the first time a block is drawn, else a write (3 in 5, unless the block was read
     * in this round) or a read.
     */
    Op next()
    {
        final int block = random.nextInt(images.length);
        if (null == images[block])
        {
            images[block] = new byte[blockSize];
            return write(block, 0, blockSize);
        }
        final int length = length();
        final int offset = offset(length);
        if (!readThisRound[block] && random.nextInt(5) < 3)
        {
            return write(block, offset, length);
        }
        readThisRound[block] = true;
        return new Op(false, firstBlock + block, offset, Arrays.copyOfRange(images[block], offset, offset + length));
    }

    private Op write(final int block, final int offset, final int length)
    {
        final byte[] data = new byte[length];
        random.nextBytes(data);
        System.arraycopy(data, 0, images[block], offset, length);
        return new Op(true, firstBlock + block, offset, data);
    }

    private int length()
    {
        final int pick = random.nextInt(EDGES.length + 4);
        if (pick < EDGES.length)
        {
            return Math.min(EDGES[pick], blockSize);
        }
        return switch (pick - EDGES.length)
        {
            case 0 -> blockSize;
            case 1 -> blockSize - 1;
            default -> 1 + random.nextInt(blockSize);
        };
    }

    /** At the block's start, so that the range ends at the block's end, or anywhere it fits. */
    private int offset(final int length)
    {
        final int room = blockSize - length;
        return switch (random.nextInt(3))
        {
            case 0 -> 0;
            case 1 -> room;
            default -> random.nextInt(room + 1);
        };
    }
}
