package io.pocket.bench.sort;

import io.pocket.client.BucketNotEmptyException;
import io.pocket.client.GetOption;
import io.pocket.client.Job;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link ShuffleStore} over a registered Pocket {@link Job}. Shuffle objects are kept in one bucket
 * of the job ({@value #DEFAULT_BUCKET} unless told otherwise) as {@code <bucket>/<key>}, and read with
 * {@link GetOption#DELETE} so their blocks are freed as soon as the reducer has them. The job stays
 * owned by the caller: {@link #close()} removes the bucket but neither closes nor deregisters the job.
 */
public final class PocketShuffleStore implements ShuffleStore
{
    /** The bucket used by {@link #PocketShuffleStore(Job)}. */
    public static final String DEFAULT_BUCKET = "shuffle";

    private final Job job;
    private final String bucket;
    private final String prefix;

    /** Creates bucket {@value #DEFAULT_BUCKET} in {@code job}. */
    public PocketShuffleStore(final Job job)
    {
        this(job, DEFAULT_BUCKET);
    }

    /**
     * Creates {@code bucket} in {@code job}.
     *
     * @throws io.pocket.client.BucketExistsException if the job already has a bucket of that name
     */
    public PocketShuffleStore(final Job job, final String bucket)
    {
        this.job = Objects.requireNonNull(job, "job");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = bucket + "/";
        job.createBucket(bucket);
    }

    @Override
    public String name()
    {
        return "pocket";
    }

    /** The bucket holding this store's objects. */
    public String bucket()
    {
        return bucket;
    }

    /** The Pocket object name a shuffle key is stored under. */
    public String objectName(final String key)
    {
        return prefix + key;
    }

    @Override
    public void put(final String key, final ByteBuffer data)
    {
        job.put(objectName(key), data);
    }

    @Override
    public ByteBuffer getAndDelete(final String key)
    {
        return job.get(objectName(key), GetOption.DELETE);
    }

    /**
     * Deletes the bucket. If objects are left in it (a failed run), it is kept; the job frees them
     * when it is deregistered.
     */
    @Override
    public void close()
    {
        try
        {
            job.deleteBucket(bucket);
        }
        catch (final BucketNotEmptyException ignore)
        {
            // Left-over partitions of a failed run; deregistering the job frees them.
        }
    }
}
