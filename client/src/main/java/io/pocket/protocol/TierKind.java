package io.pocket.protocol;

/**
 * Storage media kind of a {@link BlockStore}, with a stable code for the wire and for stats reports.
 * <p>
 * Codes are part of the protocol: never renumber an existing constant, only append.
 */
public enum TierKind
{
    /** Off-heap memory. */
    DRAM(0),
    /** NVMe flash. */
    NVME(1),
    /** SSD or HDD behind a file system. */
    DISK(2);

    private static final TierKind[] BY_CODE;

    static
    {
        final TierKind[] values = values();
        int max = 0;
        for (final TierKind kind : values)
        {
            max = Math.max(max, kind.code);
        }

        BY_CODE = new TierKind[max + 1];
        for (final TierKind kind : values)
        {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;

    TierKind(final int code)
    {
        this.code = code;
    }

    /**
     * Stable wire code of this kind.
     *
     * @return the code, {@code >= 0}.
     */
    public int code()
    {
        return code;
    }

    /**
     * Kind for a wire code.
     *
     * @param code as returned by {@link #code()}.
     * @return the kind.
     * @throws IllegalArgumentException if no kind has this code.
     */
    public static TierKind of(final int code)
    {
        if (code < 0 || code >= BY_CODE.length || null == BY_CODE[code])
        {
            throw new IllegalArgumentException("unknown tier code: " + code);
        }

        return BY_CODE[code];
    }
}
