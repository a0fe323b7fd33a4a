package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** A Pocket server cannot be reached or failed while serving the request. */
public class ServiceUnavailableException extends PocketException
{
    public ServiceUnavailableException(final String message)
    {
        super(ErrorCode.SERVICE_UNAVAILABLE, message);
    }

    public ServiceUnavailableException(final String message, final Throwable cause)
    {
        super(ErrorCode.SERVICE_UNAVAILABLE, message, cause);
    }
}
