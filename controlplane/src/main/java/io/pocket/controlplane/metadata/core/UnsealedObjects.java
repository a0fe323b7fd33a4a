package io.pocket.controlplane.metadata.core;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.ObjectExistsException;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.OutOfCapacityException;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The write side of {@link MetadataStore}: create an object, allocate its blocks, seal or abort it.
 * Each call holds the job's lock and may take the allocator lock or the expiry queue lock inside it.
 */
final class UnsealedObjects
{
    /** Most blocks one create or allocate call may ask for. */
    static final int MAX_BLOCKS_PER_REQUEST = 1 << 20;

    private final JobNamespaces jobs;
    private final StorageRegistry storage;
    private final ExpiryQueue expiryQueue;
    private final int blockSize;
    private final long persistTtlNs;
    private final LongSupplier nanoClock;
    private final InlineStore inline;

    UnsealedObjects(
        final JobNamespaces jobs,
        final StorageRegistry storage,
        final ExpiryQueue expiryQueue,
        final int blockSize,
        final long persistTtlNs,
        final LongSupplier nanoClock,
        final InlineStore inline)
    {
        this.inline = inline;
        this.jobs = jobs;
        this.storage = storage;
        this.expiryQueue = expiryQueue;
        this.blockSize = blockSize;
        this.persistTtlNs = persistTtlNs;
        this.nanoClock = nanoClock;
    }

    WriteGrant create(
        final String jobId, final String name, final boolean persist, final int blocksWanted, final long ownerId)
    {
        final int slash = ObjectNames.validateObjectName(name);
        validateBlockCount(blocksWanted);
        final String bucketName = ObjectNames.bucketOf(name, slash);
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            final Bucket bucket = bucketForNewObject(job, jobId, name, bucketName);

            final ArrayList<AllocatedBlock> blocks = new ArrayList<>(blocksWanted);
            allocateBlocks(job, name, persist, blocksWanted, blocks);
            final long writeId = jobs.nextHandle();
            job.addUnsealed(new ObjectEntry(job, bucket, name, persist, writeId, ownerId, blocks));

            return new WriteGrant(writeId, List.copyOf(blocks));
        }
    }

    /** Under the job's lock: the bucket a new object named {@code name} goes into; the job must be active. */
    private static Bucket bucketForNewObject(
        final JobNamespace job, final String jobId, final String name, final String bucketName)
    {
        job.checkActive();
        if (job.hasObject(name))
        {
            throw new ObjectExistsException("object " + name + " exists in job " + jobId);
        }
        final Bucket bucket = job.bucket(bucketName);
        if (null == bucket)
        {
            throw job.noBucket(bucketName);
        }
        return bucket;
    }

    boolean putInline(final String jobId, final String name, final boolean persist,
        final DirectBuffer src, final int index, final int length)
    {
        final int slash = ObjectNames.validateObjectName(name);
        final String bucketName = ObjectNames.bucketOf(name, slash);
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            final Bucket bucket = bucketForNewObject(job, jobId, name, bucketName);
            if (!inline.reserve(length))
            {
                return false;
            }

            final ObjectEntry entry = new ObjectEntry(job, bucket, name, persist, jobs.nextHandle(), 0, new ArrayList<>(0));
            inline.store(entry, src, index, length);
            job.addSealed(entry);
            entry.seal(length, blockSize, 0);
            if (persist)
            {
                entry.expiryNs = saturatedAdd(nanoClock.getAsLong(), persistTtlNs);
                expiryQueue.add(entry);
            }

            return true;
        }
    }

    List<AllocatedBlock> allocate(final String jobId, final long writeId, final int count)
    {
        validateBlockCount(count);
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkActive();
            final ObjectEntry entry = unsealed(job, writeId);
            final List<AllocatedBlock> blocks = new ArrayList<>(count);
            allocateBlocks(job, entry.name, entry.persistent, count, blocks);
            entry.addBlocks(blocks);

            return List.copyOf(blocks);
        }
    }

    List<AllocatedBlock> seal(final String jobId, final long writeId, final long size)
    {
        final JobNamespace job = jobs.get(jobId);
        final List<AllocatedBlock> freed = new ArrayList<>();
        synchronized (job)
        {
            job.checkActive();
            final ObjectEntry entry = unsealed(job, writeId);
            final long blocksNeeded = size / blockSize + (size % blockSize != 0 ? 1 : 0);
            if (size < 0 || blocksNeeded > entry.unsealedBlockCount())
            {
                throw new InvalidArgumentException("size " + size + " of object " + entry.name + " does not fit in " +
                    entry.unsealedBlockCount() + " blocks of " + blockSize + " bytes");
            }

            job.sealed(entry);
            final List<AllocatedBlock> surplus = entry.seal(size, blockSize, (int)blocksNeeded);
            if (entry.persistent)
            {
                entry.expiryNs = saturatedAdd(nanoClock.getAsLong(), persistTtlNs);
                expiryQueue.add(entry);
            }
            storage.free(surplus, freed);
        }

        return freed;
    }

    List<AllocatedBlock> abort(final String jobId, final long writeId)
    {
        final JobNamespace job = jobs.get(jobId);
        final List<AllocatedBlock> freed = new ArrayList<>();
        synchronized (job)
        {
            job.checkKnown();
            final ObjectEntry entry = job.removeUnsealed(writeId);
            if (null != entry)
            {
                storage.free(entry.blocks(), freed);
            }
        }

        return freed;
    }

    private void allocateBlocks(
        final JobNamespace job, final String name, final boolean persist, final int count, final List<AllocatedBlock> blocks)
    {
        if (count > 0 && 0 == storage.allocate(job.weights, persist, count, blocks))
        {
            throw new OutOfCapacityException("no free block for object " + name + " of job " + job.id +
                (persist ? " on an always-on storage server" : " on the servers of its weight map"));
        }
    }

    private static ObjectEntry unsealed(final JobNamespace job, final long writeId)
    {
        final ObjectEntry entry = job.unsealed(writeId);
        if (null == entry)
        {
            throw new ObjectNotFoundException("no unsealed write " + writeId + " in job " + job.id);
        }

        return entry;
    }

    private static void validateBlockCount(final int count)
    {
        if (count < 0 || count > MAX_BLOCKS_PER_REQUEST)
        {
            throw new InvalidArgumentException("block count must be in [0, " + MAX_BLOCKS_PER_REQUEST + "]: " + count);
        }
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;

        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
