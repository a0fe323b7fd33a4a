package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** A peer sent a malformed, truncated, oversized or unexpected frame. */
public class ProtocolException extends PocketException
{
    public ProtocolException(final String message)
    {
        super(ErrorCode.PROTOCOL_ERROR, message);
    }

    public ProtocolException(final String message, final Throwable cause)
    {
        super(ErrorCode.PROTOCOL_ERROR, message, cause);
    }
}
