package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/**
 * Base of every error Pocket reports to a user. Each subclass corresponds to exactly one
 * {@link ErrorCode} on the wire, so a server-side failure surfaces as the same typed exception
 * in the client.
 */
public class PocketException extends RuntimeException
{
    private final ErrorCode code;

    public PocketException(final ErrorCode code, final String message)
    {
        super(message);
        this.code = code;
    }

    public PocketException(final ErrorCode code, final String message, final Throwable cause)
    {
        super(message, cause);
        this.code = code;
    }

    /** The wire error code this exception stands for. */
    public ErrorCode code()
    {
        return code;
    }

    /** True when the caller caused the error (bad name, missing object...), false for service failures. */
    public boolean isUserError()
    {
        return code.isUserError();
    }
}
