package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** A name, hint, size or option is not valid. */
public class InvalidArgumentException extends PocketException
{
    public InvalidArgumentException(final String message)
    {
        super(ErrorCode.INVALID_ARGUMENT, message);
    }

    public InvalidArgumentException(final String message, final Throwable cause)
    {
        super(ErrorCode.INVALID_ARGUMENT, message, cause);
    }
}
