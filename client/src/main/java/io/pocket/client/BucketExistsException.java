package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** A bucket of that name exists already. */
public class BucketExistsException extends PocketException
{
    public BucketExistsException(final String message)
    {
        super(ErrorCode.BUCKET_EXISTS, message);
    }

    public BucketExistsException(final String message, final Throwable cause)
    {
        super(ErrorCode.BUCKET_EXISTS, message, cause);
    }
}
