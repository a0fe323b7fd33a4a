package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** No storage server of the job has a free block left; nothing of the failed put stays visible. */
public class OutOfCapacityException extends PocketException
{
    public OutOfCapacityException(final String message)
    {
        super(ErrorCode.OUT_OF_CAPACITY, message);
    }

    public OutOfCapacityException(final String message, final Throwable cause)
    {
        super(ErrorCode.OUT_OF_CAPACITY, message, cause);
    }
}
