package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** A block of the object lives on a storage server that has been lost; the object cannot be read. */
public class DataUnavailableException extends PocketException
{
    public DataUnavailableException(final String message)
    {
        super(ErrorCode.DATA_UNAVAILABLE, message);
    }

    public DataUnavailableException(final String message, final Throwable cause)
    {
        super(ErrorCode.DATA_UNAVAILABLE, message, cause);
    }
}
