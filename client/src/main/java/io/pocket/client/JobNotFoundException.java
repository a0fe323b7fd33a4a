package io.pocket.client;

import io.pocket.protocol.ErrorCode;

/** The job id is unknown to the controller or the metadata server. */
public class JobNotFoundException extends PocketException
{
    public JobNotFoundException(final String message)
    {
        super(ErrorCode.JOB_NOT_FOUND, message);
    }

    public JobNotFoundException(final String message, final Throwable cause)
    {
        super(ErrorCode.JOB_NOT_FOUND, message, cause);
    }
}
