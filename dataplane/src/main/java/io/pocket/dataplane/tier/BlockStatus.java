package io.pocket.dataplane.tier;

/**
 * Status codes returned by {@link BlockStore} operations on the block path.
 * <p>
 * The block path reports outcomes as {@code int} codes rather than exceptions so that it never allocates.
 * {@link #OK} is {@code 0}; every other code is a rejection and the operation had no effect.
 */
public final class BlockStatus
{
    /** Operation accepted. */
    public static final int OK = 0;

    /** Block id is negative or {@code >= blockCount()}. */
    public static final int OUT_OF_RANGE = 1;

    /** Offset or length negative, or {@code offset + length > blockSize()}. */
    public static final int MISALIGNED_OR_TOO_LONG = 2;

    /**
     * Generation is not acceptable: the block holds a higher generation than the one given (the reference is
     * stale), or the generation given is not a valid generation ({@code <= 0}).
     */
    public static final int STALE_GENERATION = 3;

    /** Block does not hold the generation asked for: it is free, or it still holds an older generation. */
    public static final int NOT_WRITTEN = 4;

    /** The store has been closed. */
    public static final int CLOSED = 5;

    private BlockStatus()
    {
    }

    /**
     * Human-readable name of a status code, for log and error messages.
     *
     * @param status code returned by a {@link BlockStore} operation.
     * @return its name; allocates only for an unknown code.
     */
    public static String describe(final int status)
    {
        switch (status)
        {
            case OK:
                return "OK";
            case OUT_OF_RANGE:
                return "OUT_OF_RANGE";
            case MISALIGNED_OR_TOO_LONG:
                return "MISALIGNED_OR_TOO_LONG";
            case STALE_GENERATION:
                return "STALE_GENERATION";
            case NOT_WRITTEN:
                return "NOT_WRITTEN";
            case CLOSED:
                return "CLOSED";
            default:
                return "UNKNOWN(" + status + ")";
        }
    }
}
