package io.pocket.controlplane.metadata.core;

import io.pocket.client.DataUnavailableException;

import java.util.ArrayList;
import java.util.List;

/**
 * The read and delete side of {@link MetadataStore}: lookup, get with DELETE and its release, delete and
 * expiry of persistent objects. Each call holds one job's lock at most and may take the allocator lock
 * or the expiry queue lock inside it.
 */
final class SealedObjects
{
    private final JobNamespaces jobs;
    private final StorageRegistry storage;
    private final ExpiryQueue expiryQueue;
    private final InlineStore inline;

    SealedObjects(final JobNamespaces jobs, final StorageRegistry storage, final ExpiryQueue expiryQueue, final InlineStore inline)
    {
        this.jobs = jobs;
        this.storage = storage;
        this.expiryQueue = expiryQueue;
        this.inline = inline;
    }

    ObjectLocation lookup(final String jobId, final String name, final InlineStore.InlineSink sink)
    {
        final JobNamespace job = jobs.get(jobId);
        final ObjectLocation location;
        synchronized (job)
        {
            job.checkKnown();
            final ObjectEntry entry = job.sealedObject(name);
            if (null == entry)
            {
                throw job.noObject(name);
            }
            location = entry.location();
            if (entry.inline && null != sink)
            {
                inline.copyOut(entry, sink);
                return location;
            }
        }
        checkAvailable(location, jobId);

        return location;
    }

    DeleteLease lookupForDelete(
        final String jobId, final String name, final long ownerId, final InlineStore.InlineSink sink)
    {
        final JobNamespace job = jobs.get(jobId);
        synchronized (job)
        {
            job.checkKnown();
            final ObjectEntry entry = job.sealedObject(name);
            if (null == entry)
            {
                throw job.noObject(name);
            }
            checkAvailable(entry.location(), jobId);
            if (entry.inline)
            {
                // the bytes travel with the answer: the object is gone at once, no lease to release
                if (null != sink)
                {
                    inline.copyOut(entry, sink);
                }
                remove(job, entry, new ArrayList<>(0));
                return new DeleteLease(0, entry.location());
            }

            final long readToken = jobs.nextHandle();
            job.startDeleteRead(entry, readToken, ownerId);
            jobs.addReadToken(readToken, job);
            if (entry.persistent)
            {
                expiryQueue.remove(entry);
            }

            return new DeleteLease(readToken, entry.location());
        }
    }

    List<AllocatedBlock> release(final long readToken)
    {
        final List<AllocatedBlock> freed = new ArrayList<>();
        final JobNamespace job = jobs.removeReadToken(readToken);
        if (null != job)
        {
            synchronized (job)
            {
                final ObjectEntry entry = job.endDeleteRead(readToken);
                if (null != entry)
                {
                    storage.free(entry.blocks(), freed);
                    jobs.forgetIfDone(job);
                }
            }
        }

        return freed;
    }

    List<AllocatedBlock> delete(final String jobId, final String name)
    {
        final JobNamespace job = jobs.get(jobId);
        final List<AllocatedBlock> freed = new ArrayList<>();
        synchronized (job)
        {
            job.checkKnown();
            final ObjectEntry entry = job.sealedObject(name);
            if (null == entry)
            {
                throw job.noObject(name);
            }
            remove(job, entry, freed);
        }

        return freed;
    }

    List<AllocatedBlock> expire(final long nowNs)
    {
        final List<AllocatedBlock> freed = new ArrayList<>();
        for (final ObjectEntry entry : expiryQueue.pollExpired(nowNs))
        {
            final JobNamespace job = entry.job;
            synchronized (job)
            {
                if (ObjectEntry.State.SEALED == entry.state && !job.forgotten)
                {
                    remove(job, entry, freed);
                }
            }
        }

        return freed;
    }

    private void remove(final JobNamespace job, final ObjectEntry entry, final List<AllocatedBlock> freed)
    {
        job.removeSealed(entry);
        if (entry.persistent)
        {
            expiryQueue.remove(entry);
        }
        storage.free(entry.blocks(), freed);
        inline.free(entry);
        jobs.forgetIfDone(job);
    }

    private void checkAvailable(final ObjectLocation location, final String jobId)
    {
        storage.unavailable().check(location.name(), jobId, location.blocks());
    }
}
