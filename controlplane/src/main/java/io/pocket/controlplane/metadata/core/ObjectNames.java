package io.pocket.controlplane.metadata.core;

import io.pocket.client.InvalidArgumentException;

/**
 * Validation of job ids, bucket names and object names. An object name is {@code bucket/object} (exactly
 * one '/') or a top-level {@code object} (no '/'); every part is non-empty, the whole is at most
 * {@link #MAX_NAME_LENGTH} characters and contains no NUL.
 */
public final class ObjectNames
{
    /** Longest job id, bucket name or object name, in characters. */
    public static final int MAX_NAME_LENGTH = 512;

    /** The bucket holding a job's top-level objects; it always exists. */
    public static final String ROOT_BUCKET = "";

    private ObjectNames()
    {
    }

    /**
     * @return the index of the '/' separating bucket and object, or -1 for a top-level object
     * @throws InvalidArgumentException if the name is not valid
     */
    public static int validateObjectName(final String name)
    {
        checkLengthAndNul("object name", name);

        int slash = -1;
        for (int i = 0, length = name.length(); i < length; i++)
        {
            if (name.charAt(i) == '/')
            {
                if (slash >= 0)
                {
                    throw new InvalidArgumentException("object name has more than one '/': " + name);
                }
                slash = i;
            }
        }

        if (0 == slash || name.length() - 1 == slash)
        {
            throw new InvalidArgumentException("object name must not start or end with '/': " + name);
        }

        return slash;
    }

    /** The bucket part of a valid object name given the index {@link #validateObjectName} returned. */
    public static String bucketOf(final String name, final int slash)
    {
        return slash < 0 ? ROOT_BUCKET : name.substring(0, slash);
    }

    /**
     * @throws InvalidArgumentException if the name is empty, too long, contains '/' or NUL
     */
    public static void validateBucketName(final String bucket)
    {
        checkLengthAndNul("bucket name", bucket);
        if (bucket.indexOf('/') >= 0)
        {
            throw new InvalidArgumentException("bucket name must not contain '/': " + bucket);
        }
    }

    /**
     * @throws InvalidArgumentException if the id is empty, too long or contains NUL
     */
    public static void validateJobId(final String jobId)
    {
        checkLengthAndNul("job id", jobId);
    }

    private static void checkLengthAndNul(final String what, final String value)
    {
        if (null == value || value.isEmpty())
        {
            throw new InvalidArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX_NAME_LENGTH)
        {
            throw new InvalidArgumentException(
                what + " is longer than " + MAX_NAME_LENGTH + " characters: " + value.length());
        }
        if (value.indexOf('\0') >= 0)
        {
            throw new InvalidArgumentException(what + " must not contain NUL");
        }
    }
}
