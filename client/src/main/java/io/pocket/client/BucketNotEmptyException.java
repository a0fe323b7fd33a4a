package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** A bucket still holds objects and cannot be deleted. */
public class BucketNotEmptyException extends PocketException
{
    public BucketNotEmptyException(final String message)
    {
        super(ErrorCode.BUCKET_NOT_EMPTY, message);
    }

    public BucketNotEmptyException(final String message, final Throwable cause)
    {
        super(ErrorCode.BUCKET_NOT_EMPTY, message, cause);
    }
}
