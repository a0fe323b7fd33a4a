package io.pocket.dataplane.io;

/** Status codes of {@link IoEngine} hot-path calls: {@link #OK} or a negative code. */
public final class IoStatus
{
    /** Accepted. */
    public static final int OK = 0;
    /** Queue depth reached: reap completions and retry. */
    public static final int QUEUE_FULL = -1001;
    /** Offset, address or length not a multiple of the device alignment, or length not positive. */
    public static final int MISALIGNED = -1002;
    /** The range does not lie inside the file. */
    public static final int OUT_OF_RANGE = -1003;
    /** The engine or its file is closed. */
    public static final int CLOSED = -1004;

    private IoStatus()
    {
    }

    /**
     * The checks every engine makes before it accepts a request, in order: closed, alignment, range, queue depth.
     *
     * @param closed     whether the engine is closed.
     * @param alignMask  the device alignment minus one.
     * @param size       the file's size in bytes.
     * @param inFlight   requests prepared or in flight.
     * @param queueDepth the engine's queue depth.
     * @param fileOffset the request's file offset.
     * @param address    the request's buffer address.
     * @param length     the request's length.
     * @return {@link #OK}, {@link #CLOSED}, {@link #MISALIGNED}, {@link #OUT_OF_RANGE} or {@link #QUEUE_FULL}.
     */
    public static int checkRequest(
        final boolean closed,
        final long alignMask,
        final long size,
        final int inFlight,
        final int queueDepth,
        final long fileOffset,
        final long address,
        final int length)
    {
        if (closed)
        {
            return CLOSED;
        }
        if (length <= 0 || ((fileOffset | address | length) & alignMask) != 0)
        {
            return MISALIGNED;
        }
        if (fileOffset < 0 || fileOffset > size - length)
        {
            return OUT_OF_RANGE;
        }
        if (inFlight >= queueDepth)
        {
            return QUEUE_FULL;
        }
        return OK;
    }

    /**
     * Words for a status or a {@code -errno} result.
     *
     * @param status a code of this class, or a negative errno.
     * @return a short description.
     */
    public static String describe(final int status)
    {
        switch (status)
        {
            case OK:
                return "ok";
            case QUEUE_FULL:
                return "queue full";
            case MISALIGNED:
                return "misaligned offset, address or length";
            case OUT_OF_RANGE:
                return "range outside the file";
            case CLOSED:
                return "closed";
            default:
                return status < 0 ? "I/O error, errno " + (-status) : "transferred " + status + " bytes";
        }
    }
}
