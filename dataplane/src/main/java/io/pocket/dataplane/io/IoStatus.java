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
