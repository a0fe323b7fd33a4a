package io.pocket.bench.nvme;

import io.pocket.client.InvalidArgumentException;

/** The access patterns of {@code scripts/bench-nvme}, named as in {@code bench/results/nvme.csv}. */
public enum NvmePattern
{
    RANDREAD_4K_QD1("randread-4k-qd1", false, true, 4096, 1),
    RANDREAD_4K_QD32("randread-4k-qd32", false, true, 4096, 32),
    RANDREAD_64K_QD32("randread-64k-qd32", false, true, 65536, 32),
    RANDWRITE_64K_QD32("randwrite-64k-qd32", true, true, 65536, 32),
    SEQREAD_1M_QD8("seqread-1m-qd8", false, false, 1 << 20, 8);

    private final String label;
    private final boolean write;
    private final boolean random;
    private final int blockSize;
    private final int queueDepth;

    NvmePattern(final String label, final boolean write, final boolean random, final int blockSize,
        final int queueDepth)
    {
        this.label = label;
        this.write = write;
        this.random = random;
        this.blockSize = blockSize;
        this.queueDepth = queueDepth;
    }

    /**
     * @return the name, e.g. {@code randread-4k-qd32}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return whether the pattern writes.
     */
    public boolean write()
    {
        return write;
    }

    /**
     * @return whether offsets are random (else sequential).
     */
    public boolean random()
    {
        return random;
    }

    /**
     * @return bytes per request.
     */
    public int blockSize()
    {
        return blockSize;
    }

    /**
     * @return requests kept in flight.
     */
    public int queueDepth()
    {
        return queueDepth;
    }

    /**
     * @return fio's {@code --rw} value.
     */
    public String fioRw()
    {
        return write ? (random ? "randwrite" : "write") : (random ? "randread" : "read");
    }

    /**
     * Find a pattern by name.
     *
     * @param label e.g. {@code seqread-1m-qd8}.
     * @return the pattern.
     * @throws InvalidArgumentException if there is none of that name.
     */
    public static NvmePattern parse(final String label)
    {
        for (final NvmePattern pattern : values())
        {
            if (pattern.label.equals(label))
            {
                return pattern;
            }
        }
        throw new InvalidArgumentException("unknown pattern '" + label + "'; patterns: randread-4k-qd1, " +
            "randread-4k-qd32, randread-64k-qd32, randwrite-64k-qd32, seqread-1m-qd8");
    }
}
