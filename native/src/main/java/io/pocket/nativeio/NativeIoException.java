package io.pocket.nativeio;

/** Setting up a native resource (a ring, a registration) failed; carries the {@code -errno} when there is one. */
public final class NativeIoException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param message what failed, in words.
     * @param errno   the {@code -errno} result, or 0.
     */
    public NativeIoException(final String message, final int errno)
    {
        super(message);
        this.errno = errno;
    }

    /**
     * @return the {@code -errno} result, or 0 if none.
     */
    public int errno()
    {
        return errno;
    }
}
