package io.pocket.client;

/**
 * Client-side checks of the names a lambda passes, so that a bad name fails at once with a clear
 * message instead of after a round trip. The rules are the metadata server's: an object name is
 * {@code bucket/object} (exactly one '/') or a top-level {@code object}; each part is non-empty;
 * a name has at most {@link #MAX_NAME_LENGTH} characters and no NUL.
 */
final class Names
{
    /** Longest job id, bucket name or object name, in characters. */
    static final int MAX_NAME_LENGTH = 512;

    /** Longest job name the controller accepts. */
    static final int MAX_JOB_NAME_LENGTH = 64;

    /** The bucket of a job's top-level objects. */
    static final String ROOT_BUCKET = "";

    private Names()
    {
    }

    /** A job name for registration: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
    static String checkJobName(final String name)
    {
        if (name == null || name.isEmpty() || name.length() > MAX_JOB_NAME_LENGTH)
        {
            throw new InvalidArgumentException("job name must have 1 to " + MAX_JOB_NAME_LENGTH + " characters, got " +
                (name == null ? "none" : name.length() + ": '" + shorten(name) + "'"));
        }
        for (int i = 0, n = name.length(); i < n; i++)
        {
            final char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-'))
            {
                throw new InvalidArgumentException("job name may only hold letters, digits, '.', '_' and '-', got '" +
                    shorten(name) + "'");
            }
        }
        return name;
    }

    static String checkJobId(final String jobId)
    {
        checkLengthAndNul("job id", jobId);
        return jobId;
    }

    /** An object name: {@code object} or {@code bucket/object}. */
    static String checkObjectName(final String name)
    {
        checkLengthAndNul("object name", name);
        final int slash = name.indexOf('/');
        if (slash >= 0)
        {
            if (name.indexOf('/', slash + 1) >= 0)
            {
                throw new InvalidArgumentException("object name has more than one '/': '" + shorten(name) + "'");
            }
            if (slash == 0 || slash == name.length() - 1)
            {
                throw new InvalidArgumentException("object name must not start or end with '/': '" + shorten(name) + "'");
            }
        }
        return name;
    }

    /** A bucket to create or delete: non-empty, no '/'. */
    static String checkBucketName(final String bucket)
    {
        checkLengthAndNul("bucket name", bucket);
        if (bucket.indexOf('/') >= 0)
        {
            throw new InvalidArgumentException("bucket name must not contain '/': '" + shorten(bucket) + "'");
        }
        return bucket;
    }

    /** A bucket to enumerate: a bucket name or {@code ""} for the top-level objects. */
    static String checkEnumerable(final String bucket)
    {
        if (ROOT_BUCKET.equals(bucket))
        {
            return bucket;
        }
        return checkBucketName(bucket);
    }

    /** The full name of an entry of {@code bucket}'s listing, whether the server sent it full or bare. */
    static String fullName(final String bucket, final String listed)
    {
        return bucket.isEmpty() || listed.indexOf('/') >= 0 ? listed : bucket + '/' + listed;
    }

    static <T> T checkNotNull(final T value, final String what)
    {
        if (value == null)
        {
            throw new InvalidArgumentException(what + " must not be null");
        }
        return value;
    }

    private static void checkLengthAndNul(final String what, final String value)
    {
        if (value == null || value.isEmpty())
        {
            throw new InvalidArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX_NAME_LENGTH)
        {
            throw new InvalidArgumentException(what + " is longer than " + MAX_NAME_LENGTH + " characters: " +
                value.length());
        }
        if (value.indexOf('\0') >= 0)
        {
            throw new InvalidArgumentException(what + " must not contain NUL");
        }
    }

    private static String shorten(final String s)
    {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
