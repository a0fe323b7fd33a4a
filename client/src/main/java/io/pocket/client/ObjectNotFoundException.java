package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** An object, or the bucket it is named in, does not exist (or is not sealed yet). */
public class ObjectNotFoundException extends PocketException
{
    public ObjectNotFoundException(final String message)
    {
        super(ErrorCode.OBJECT_NOT_FOUND, message);
    }

    public ObjectNotFoundException(final String message, final Throwable cause)
    {
        super(ErrorCode.OBJECT_NOT_FOUND, message, cause);
    }
}
