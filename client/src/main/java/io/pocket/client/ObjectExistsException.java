package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** A put names an object that exists already; objects are write-once. */
public class ObjectExistsException extends PocketException
{
    public ObjectExistsException(final String message)
    {
        super(ErrorCode.OBJECT_EXISTS, message);
    }

    public ObjectExistsException(final String message, final Throwable cause)
    {
        super(ErrorCode.OBJECT_EXISTS, message, cause);
    }
}
