package io.pocket.dataplane.io;

import io.pocket.client.InvalidArgumentException;

import java.util.Locale;

/** Which {@link IoEngine} a device tier uses, as given by {@code --io-engine io_uring|posix|auto}. */
public enum IoEngineKind
{
    /** Polled io_uring queue pairs through the JNI library (see {@code io.pocket.nativeio}). */
    IO_URING("io_uring"),
    /** Positional {@code FileChannel} I/O with {@code ExtendedOpenOption.DIRECT} on a small thread pool. */
    POSIX("posix"),
    /** io_uring when it works on this machine, else posix; resolved by {@link IoEngines#resolve}. */
    AUTO("auto");

    private final String label;

    IoEngineKind(final String label)
    {
        this.label = label;
    }

    /**
     * The name as written on the command line.
     *
     * @return {@code "io_uring"}, {@code "posix"} or {@code "auto"}.
     */
    public String label()
    {
        return label;
    }

    /**
     * Parse an engine name.
     *
     * @param text {@code io_uring}, {@code posix} or {@code auto} (case-insensitive; {@code io-uring} and
     *             {@code iouring} are accepted too).
     * @return the kind.
     * @throws InvalidArgumentException if the name is none of these.
     */
    public static IoEngineKind parse(final String text)
    {
        final String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (name)
        {
            case "io_uring":
            case "io-uring":
            case "iouring":
                return IO_URING;
            case "posix":
                return POSIX;
            case "auto":
                return AUTO;
            default:
                throw new InvalidArgumentException("io engine must be io_uring, posix or auto, got '" + text + "'");
        }
    }

    @Override
    public String toString()
    {
        return label;
    }
}
