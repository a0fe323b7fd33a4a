package io.pocket.protocol;

import io.pocket.client.BucketExistsException;
import io.pocket.client.BucketNotEmptyException;
import io.pocket.client.DataUnavailableException;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.OutOfCapacityException;
import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.client.ServiceUnavailableException;

/**
 * Error codes carried in error responses. Each maps to one typed exception of the client API.
 * Codes are stable on the wire; never renumber.
 */
public enum ErrorCode
{
    OBJECT_NOT_FOUND(1, true),
    OBJECT_EXISTS(2, true),
    BUCKET_NOT_EMPTY(3, true),
    BUCKET_EXISTS(4, true),
    JOB_NOT_FOUND(5, true),
    INVALID_ARGUMENT(6, true),
    OUT_OF_CAPACITY(7, false),
    DATA_UNAVAILABLE(8, false),
    PROTOCOL_ERROR(9, false),
    SERVICE_UNAVAILABLE(10, false),
    /** A block reference's generation no longer matches the block: it was freed (and maybe reused). */
    STALE_BLOCK(11, false),
    /** The server does not know the sender (for example a heartbeat after the server was declared lost). */
    UNKNOWN_SERVER(12, false),
    INTERNAL_ERROR(13, false);

    private static final ErrorCode[] BY_CODE = new ErrorCode[32];

    static
    {
        for (final ErrorCode c : values())
        {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;
    private final boolean userError;

    ErrorCode(final int code, final boolean userError)
    {
        this.code = code;
        this.userError = userError;
    }

    public int code()
    {
        return code;
    }

    public boolean isUserError()
    {
        return userError;
    }

    /** The code for a wire value, or {@link #INTERNAL_ERROR} for a value this version does not know. */
    public static ErrorCode of(final int code)
    {
        return code > 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : INTERNAL_ERROR;
    }

    /** The typed exception a client throws for this code. */
    public PocketException toException(final String message)
    {
        switch (this)
        {
            case OBJECT_NOT_FOUND: return new ObjectNotFoundException(message);
            case OBJECT_EXISTS: return new ObjectExistsException(message);
            case BUCKET_NOT_EMPTY: return new BucketNotEmptyException(message);
            case BUCKET_EXISTS: return new BucketExistsException(message);
            case JOB_NOT_FOUND: return new JobNotFoundException(message);
            case INVALID_ARGUMENT: return new InvalidArgumentException(message);
            case OUT_OF_CAPACITY: return new OutOfCapacityException(message);
            case DATA_UNAVAILABLE: return new DataUnavailableException(message);
            case PROTOCOL_ERROR: return new ProtocolException(message);
            case SERVICE_UNAVAILABLE: return new ServiceUnavailableException(message);
            default: return new PocketException(this, message);
        }
    }

    /** The code a server sends for an exception raised while serving a request. */
    public static ErrorCode of(final Throwable t)
    {
        return t instanceof PocketException ? ((PocketException)t).code() : INTERNAL_ERROR;
    }
}
