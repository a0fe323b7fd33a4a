package io.pocket.controlplane.metadata.core;

import io.pocket.client.BucketExistsException;
import io.pocket.client.BucketNotEmptyException;
import io.pocket.client.DataUnavailableException;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.OutOfCapacityException;

import io.pocket.protocol.ControllerMessages.HeldJob;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ControllerMessages.ServerBack;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The metadata server's in-memory state: every job's namespace of buckets and write-once objects, and
 * the blocks of every storage server. Pure logic with no threads of its own; randomness and time are
 * injected so behaviour is reproducible. Every job-scoped call throws {@link JobNotFoundException} for an
 * unknown job and {@link InvalidArgumentException} for an invalid name.
 * <p>
 * Thread safety and lock order: jobs are found in concurrent maps without a lock; each job is guarded
 * by its own monitor; the block allocators by one lock in {@link StorageRegistry}; expiry times by the
 * {@link ExpiryQueue} monitor. A call holds at most one job monitor and takes the allocator lock or the
 * expiry lock only inside it; those two are leaves, never held while taking any other lock.
 * <p>
 * Block lists returned by freeing calls are new lists owned by the caller: the blocks to free on live
 * storage servers. Blocks on lost servers are dropped silently.
 */
public final class MetadataStore
{
    /** Most blocks one create or allocate call may ask for. */
    public static final int MAX_BLOCKS_PER_REQUEST = UnsealedObjects.MAX_BLOCKS_PER_REQUEST;

    private final int blockSize;
    private final LongSupplier nanoClock;
    private final JobNamespaces jobs = new JobNamespaces();
    private final ExpiryQueue expiryQueue = new ExpiryQueue();
    private final StorageRegistry storage;
    private final UnsealedObjects unsealedObjects;
    private final SealedObjects sealedObjects;
    private final InlineStore inline;

    /**
     * @param blockSize    bytes per block; every storage server must register this block size
     * @param persistTtlNs how long a PERSIST object lives after its seal, in nanoseconds
     * @param random       source of the weighted choices; only used under the allocator lock
     * @param nanoClock    current time in nanoseconds, stamps the expiry of PERSIST objects
     */
    public MetadataStore(
        final int blockSize, final long persistTtlNs, final RandomGenerator random, final LongSupplier nanoClock)
    {
        this(blockSize, persistTtlNs, random, nanoClock, InlineStore.disabled());
    }

    /**
     * @param inline memory for small objects kept by the metadata server itself; its largest object
     *               must fit in a block
     */
    public MetadataStore(final int blockSize, final long persistTtlNs, final RandomGenerator random,
        final LongSupplier nanoClock, final InlineStore inline)
    {
        if (blockSize <= 0)
        {
            throw new IllegalArgumentException("block size must be positive: " + blockSize);
        }
        if (persistTtlNs < 0)
        {
            throw new IllegalArgumentException("persist TTL must not be negative: " + persistTtlNs);
        }

        if (inline.maxObjectBytes() > blockSize)
        {
            throw new IllegalArgumentException("inline objects of up to " + inline.maxObjectBytes() +
                " bytes do not fit in a block of " + blockSize);
        }

        this.blockSize = blockSize;
        this.nanoClock = nanoClock;
        this.inline = inline;
        this.storage = new StorageRegistry(blockSize, random);
        this.unsealedObjects = new UnsealedObjects(jobs, storage, expiryQueue, blockSize, persistTtlNs, nanoClock,
            inline);
        this.sealedObjects = new SealedObjects(jobs, storage, expiryQueue, inline);
    }

    public int blockSize()
    {
        return blockSize;
    }

    /**
     * Registers the blocks {@code firstBlockId .. firstBlockId + blockCount - 1} of one tier of a storage server.
     *
     * @throws IllegalArgumentException if the server offered that tier already, the tier is invalid, its block
     *                                  size is not the store's or the range is invalid
     */
    public void addCapacity(
        final int serverId,
        final int tier,
        final int blockSize,
        final long firstBlockId,
        final long blockCount,
        final boolean alwaysOn)
    {
        storage.addCapacity(serverId, tier, blockSize, firstBlockId, blockCount, alwaysOn);
    }

    /**
     * Declares a storage server lost: nothing more is allocated on it and lookups of objects with a block
     * on it throw {@link DataUnavailableException}; such objects can still be deleted.
     *
     * @return false if the server is unknown or already lost
     */
    public boolean serverLost(final int serverId)
    {
        return storage.serverLost(serverId);
    }

    /**
     * A storage server is available again ({@link StorageRegistry#serverBack}): lookups find its objects again,
     * except those with a block of a tier whose blocks did not survive its restart.
     *
     * @return the blocks freed while it was lost, to free on it now; null if nothing changed
     */
    public List<AllocatedBlock> serverBack(final ServerBack back)
    {
        return storage.serverBack(back);
    }

    /** Ids of the storage servers that offered blocks here, ascending. */
    public List<Integer> serverIds()
    {
        return storage.serverIds();
    }

    /** Every job this store holds, running or ended with PERSIST data left, for a controller that restarted. */
    public List<HeldJob> heldJobs()
    {
        final List<HeldJob> held = new ArrayList<>();
        for (final JobNamespace job : jobs.all())
        {
            synchronized (job)
            {
                if (!job.forgotten)
                {
                    held.add(new HeldJob(job.weights.toMessage(job.id), job.hints, job.ended));
                }
            }
        }

        return held;
    }

    public CapacityStats stats()
    {
        return storage.stats();
    }

    /** @throws InvalidArgumentException if the id is invalid, the weights null or the job already known */
    public void createJob(final String jobId, final WeightMap weights)
    {
        createJob(jobId, weights, new RegisterJob(jobId, 0, 0, 0, true));
    }

    /**
     * Creates a job with the hints it registered with, kept for {@link #heldJobs()}.
     *
     * @throws InvalidArgumentException if the id is invalid, the weights null or the job already known
     */
    public void createJob(final String jobId, final WeightMap weights, final RegisterJob hints)
    {
        ObjectNames.validateJobId(jobId);
        requireWeights(weights);
        jobs.create(jobId, weights, hints);
    }

    /** Whether the job is known: running, or ended with persistent objects left. */
    public boolean hasJob(final String jobId)
    {
        return jobs.contains(jobId);
    }

    /** Replaces a running job's weight map; later allocations use it. */
    public void setWeights(final String jobId, final WeightMap weights)
    {
        requireWeights(weights);
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkActive();
            job.weights = weights;
        }
    }

    public WeightMap weights(final String jobId)
    {
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkKnown();
            return job.weights;
        }
    }

    /**
     * Deregisters a job: frees its unsealed writes (persistent or not), its non-persistent objects and
     * their pending delete-reads. Its persistent objects stay readable and deletable under its id; once
     * they are all gone the job is forgotten. Creating buckets or objects in an ended job throws
     * {@link JobNotFoundException}; a second deregistration frees nothing.
     *
     * @return the freed blocks
     */
    public List<AllocatedBlock> freeJob(final String jobId)
    {
        final JobNamespace job = jobs.get(jobId);
        final List<AllocatedBlock> freed = new ArrayList<>();
        synchronized (job)
        {
            job.checkKnown();
            if (!job.ended)
            {
                final List<AllocatedBlock> blocks = new ArrayList<>();
                final List<Long> readTokens = new ArrayList<>();
                job.end(blocks, readTokens, inline);
                jobs.removeReadTokens(readTokens);
                storage.free(blocks, freed);
                jobs.forgetIfDone(job);
            }
        }

        return freed;
    }

    /**
     * Reclaims what a disconnected client connection left in any job: its unsealed writes are aborted
     * and its pending delete-reads released.
     *
     * @return the freed blocks
     */
    public List<AllocatedBlock> abortOwner(final long ownerId)
    {
        final List<AllocatedBlock> freed = new ArrayList<>();
        final List<AllocatedBlock> blocks = new ArrayList<>();
        final List<Long> readTokens = new ArrayList<>();
        for (final JobNamespace job : jobs.all())
        {
            synchronized (job)
            {
                if (!job.forgotten)
                {
                    blocks.clear();
                    readTokens.clear();
                    job.abortOwner(ownerId, blocks, readTokens);
                    jobs.removeReadTokens(readTokens);
                    storage.free(blocks, freed);
                    jobs.forgetIfDone(job);
                }
            }
        }

        return freed;
    }

    /** @throws BucketExistsException if the bucket exists */
    public void createBucket(final String jobId, final String bucket)
    {
        ObjectNames.validateBucketName(bucket);
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkActive();
            if (null != job.bucket(bucket))
            {
                throw new BucketExistsException("bucket " + bucket + " exists in job " + jobId);
            }
            job.addBucket(bucket);
        }
    }

    /**
     * @throws ObjectNotFoundException  if there is no such bucket ("no bucket b in job J")
     * @throws BucketNotEmptyException if an object, sealed or not, is named in it
     */
    public void deleteBucket(final String jobId, final String bucket)
    {
        ObjectNames.validateBucketName(bucket);
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkKnown();
            final Bucket b = job.bucket(bucket);
            if (null == b)
            {
                throw job.noBucket(bucket);
            }
            if (!b.isEmpty())
            {
                throw new BucketNotEmptyException("bucket " + bucket + " of job " + jobId + " is not empty");
            }
            job.removeBucket(bucket);
        }
    }

    /**
     * The sealed objects of a bucket sorted by name; {@code ""} is the bucket of top-level objects.
     *
     * @throws ObjectNotFoundException if there is no such bucket
     */
    public List<ObjectInfo> enumerate(final String jobId, final String bucket)
    {
        if (!ObjectNames.ROOT_BUCKET.equals(bucket))
        {
            ObjectNames.validateBucketName(bucket);
        }
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkKnown();
            final Bucket b = job.bucket(bucket);
            if (null == b)
            {
                throw job.noBucket(bucket);
            }

            return b.enumerate();
        }
    }

    /**
     * Creates an invisible, unsealed object, reserving its name, with up to {@code blocksWanted} blocks
     * chosen by the job's weight map (PERSIST: only always-on servers).
     *
     * @param ownerId the client connection writing it, for {@link #abortOwner(long)}
     * @throws ObjectExistsException   if the name is taken, sealed or not
     * @throws ObjectNotFoundException if its bucket does not exist
     * @throws OutOfCapacityException  if blocks were wanted and none could be allocated; nothing is created
     */
    public WriteGrant createObject(
        final String jobId, final String name, final boolean persist, final int blocksWanted, final long ownerId)
    {
        return unsealedObjects.create(jobId, name, persist, blocksWanted, ownerId);
    }

    /**
     * Allocates up to {@code count} more blocks for an unsealed object, appended to its block list.
     *
     * @throws ObjectNotFoundException if there is no such unsealed write
     * @throws OutOfCapacityException  if none could be allocated; the write keeps its earlier blocks
     */
    public List<AllocatedBlock> allocate(final String jobId, final long writeId, final int count)
    {
        return unsealedObjects.allocate(jobId, writeId, count);
    }

    /**
     * Seals an object with its final size, making it visible; blocks beyond ceil(size / blockSize) are freed.
     *
     * @return the freed surplus blocks
     * @throws InvalidArgumentException if the size is negative or needs more blocks than were allocated
     * @throws ObjectNotFoundException  if there is no such unsealed write
     */
    public List<AllocatedBlock> seal(final String jobId, final long writeId, final long size)
    {
        return unsealedObjects.seal(jobId, writeId, size);
    }

    /**
     * Aborts an unsealed write: its name is released and its blocks freed.
     *
     * @return the freed blocks; empty if there is no such write (sealed, aborted or reclaimed already)
     */
    public List<AllocatedBlock> abort(final String jobId, final long writeId)
    {
        return unsealedObjects.abort(jobId, writeId);
    }

    /**
     * Where a sealed object's blocks are. The location is shared by all lookups and immutable.
     *
     * @throws ObjectNotFoundException  if there is no such sealed object
     * @throws DataUnavailableException if a block of it is on a lost storage server
     */
    public ObjectLocation lookup(final String jobId, final String name)
    {
        return sealedObjects.lookup(jobId, name, null);
    }

    /**
     * As {@link #lookup(String, String)}; for an inline object its bytes are handed to {@code sink}
     * under the job's lock, before anyone can delete it.
     */
    public ObjectLocation lookup(final String jobId, final String name, final InlineStore.InlineSink sink)
    {
        return sealedObjects.lookup(jobId, name, sink);
    }

    /**
     * Creates, fills and seals a small object kept by the metadata server itself, in one call.
     *
     * @return false if it is larger than the inline limit or the inline budget is spent: nothing was
     * created and the caller should put it through blocks
     * @throws ObjectExistsException   if the name is taken, sealed or not
     * @throws ObjectNotFoundException if its bucket does not exist
     */
    public boolean putInline(final String jobId, final String name, final boolean persist,
        final DirectBuffer src, final int index, final int length)
    {
        return unsealedObjects.putInline(jobId, name, persist, src, index, length);
    }

    /** The inline object memory of this store. */
    public InlineStore inline()
    {
        return inline;
    }

    /** Bytes of the job's objects kept inline. */
    public long inlineBytes(final String jobId)
    {
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkKnown();
            return job.inlineBytes;
        }
    }

    /** Frees the inline memory of every object; later lookups of them fail. For a closing server. */
    public void freeInline()
    {
        for (final JobNamespace job : jobs.all())
        {
            synchronized (job)
            {
                job.freeInline(inline);
            }
        }
    }

    /**
     * A get with DELETE: atomically takes the object out of the namespace and returns its location; its
     * blocks are freed by {@link #release(long)} or by {@link #abortOwner(long)} of the reader. Of racing
     * callers exactly one succeeds.
     *
     * @throws ObjectNotFoundException  if there is no such sealed object
     * @throws DataUnavailableException if a block of it is on a lost storage server; the object stays
     */
    public DeleteLease lookupForDelete(final String jobId, final String name, final long ownerId)
    {
        return sealedObjects.lookupForDelete(jobId, name, ownerId, null);
    }

    /**
     * As {@link #lookupForDelete(String, String, long)}; an inline object's bytes are handed to
     * {@code sink} and the object is freed at once (read token 0, nothing to release).
     */
    public DeleteLease lookupForDelete(
        final String jobId, final String name, final long ownerId, final InlineStore.InlineSink sink)
    {
        return sealedObjects.lookupForDelete(jobId, name, ownerId, sink);
    }

    /**
     * Frees the blocks of an object read with DELETE.
     *
     * @return the freed blocks; empty if the token is unknown, released or reclaimed already
     */
    public List<AllocatedBlock> release(final long readToken)
    {
        return sealedObjects.release(readToken);
    }

    /**
     * Deletes a sealed object, also one with blocks on a lost server.
     *
     * @return the freed blocks on live servers
     * @throws ObjectNotFoundException if there is no such sealed object
     */
    public List<AllocatedBlock> delete(final String jobId, final String name)
    {
        return sealedObjects.delete(jobId, name);
    }

    /**
     * Deletes the persistent objects whose expiry time (seal time + TTL) is at or before {@code nowNs}.
     *
     * @return the freed blocks
     */
    public List<AllocatedBlock> expire(final long nowNs)
    {
        return sealedObjects.expire(nowNs);
    }

    /** {@link #expire(long)} at the injected clock's current time. */
    public List<AllocatedBlock> expire()
    {
        return sealedObjects.expire(nanoClock.getAsLong());
    }

    private static void requireWeights(final WeightMap weights)
    {
        if (null == weights)
        {
            throw new InvalidArgumentException("weight map must not be null");
        }
    }
}
