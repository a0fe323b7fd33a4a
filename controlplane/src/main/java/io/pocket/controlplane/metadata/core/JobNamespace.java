package io.pocket.controlplane.metadata.core;

import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ObjectNotFoundException;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;

/**
 * The namespace of one job: its weight map, buckets, objects (sealed and unsealed, by full name),
 * unsealed writes by write id and delete-reads by read token. Every field is guarded by the monitor
 * of this object, which {@link MetadataStore} holds while calling any method here.
 */
final class JobNamespace
{
    final String id;
    /** The hints the job registered with, kept for a controller that restarts. */
    final RegisterJob hints;
    WeightMap weights;
    /** Deregistered: only persistent objects remain, no new writes or buckets. */
    boolean ended;
    /** Removed from the store: every call must fail with {@link JobNotFoundException}. */
    boolean forgotten;
    /** Bytes of this job's objects kept inline on the metadata server (see {@link InlineStore}). */
    long inlineBytes;
    private final HashMap<String, ObjectEntry> objectByName = new HashMap<>();
    private final HashMap<String, Bucket> bucketByName = new HashMap<>();
    private final Long2ObjectHashMap<ObjectEntry> unsealedByWriteId = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ObjectEntry> deleteReadByToken = new Long2ObjectHashMap<>();

    JobNamespace(final String id, final WeightMap weights, final RegisterJob hints)
    {
        this.id = id;
        this.weights = weights;
        this.hints = hints;
        bucketByName.put(ObjectNames.ROOT_BUCKET, new Bucket(ObjectNames.ROOT_BUCKET));
    }

    /** @throws JobNotFoundException if the job was forgotten */
    void checkKnown()
    {
        if (forgotten)
        {
            throw new JobNotFoundException("no job " + id);
        }
    }

    /** @throws JobNotFoundException if the job was forgotten or has ended */
    void checkActive()
    {
        checkKnown();
        if (ended)
        {
            throw new JobNotFoundException("job " + id + " has ended");
        }
    }

    /** The error for a missing sealed object; an invalid name is reported as such instead. */
    ObjectNotFoundException noObject(final String name)
    {
        ObjectNames.validateObjectName(name);

        return new ObjectNotFoundException("no object " + name + " in job " + id);
    }

    ObjectNotFoundException noBucket(final String bucket)
    {
        return new ObjectNotFoundException("no bucket " + bucket + " in job " + id);
    }

    /** True if the object name is taken, sealed or not. */
    boolean hasObject(final String name)
    {
        return objectByName.containsKey(name);
    }

    /** The sealed object of that name, or null. */
    ObjectEntry sealedObject(final String name)
    {
        final ObjectEntry entry = objectByName.get(name);

        return null != entry && ObjectEntry.State.SEALED == entry.state ? entry : null;
    }

    Bucket bucket(final String name)
    {
        return bucketByName.get(name);
    }

    void addBucket(final String name)
    {
        bucketByName.put(name, new Bucket(name));
    }

    void removeBucket(final String name)
    {
        bucketByName.remove(name);
    }

    /** Reserves the entry's name and registers it as an unsealed write. */
    void addUnsealed(final ObjectEntry entry)
    {
        objectByName.put(entry.name, entry);
        entry.bucket.add(entry);
        unsealedByWriteId.put(entry.writeId, entry);
    }

    ObjectEntry unsealed(final long writeId)
    {
        return unsealedByWriteId.get(writeId);
    }

    void sealed(final ObjectEntry entry)
    {
        unsealedByWriteId.remove(entry.writeId);
    }

    /** Adds an object that is sealed from the start (an inline put). */
    void addSealed(final ObjectEntry entry)
    {
        objectByName.put(entry.name, entry);
        entry.bucket.add(entry);
    }

    /** Removes an unsealed entry entirely; returns null if there is no such write. */
    ObjectEntry removeUnsealed(final long writeId)
    {
        final ObjectEntry entry = unsealedByWriteId.remove(writeId);
        if (null != entry)
        {
            unlink(entry);
            entry.state = ObjectEntry.State.REMOVED;
        }

        return entry;
    }

    /** Removes a sealed entry from the namespace and marks it removed. */
    void removeSealed(final ObjectEntry entry)
    {
        unlink(entry);
        entry.state = ObjectEntry.State.REMOVED;
    }

    /** Moves a sealed entry out of the namespace into the pending delete-reads. */
    void startDeleteRead(final ObjectEntry entry, final long readToken, final long readerId)
    {
        unlink(entry);
        entry.state = ObjectEntry.State.DELETE_READING;
        entry.readToken = readToken;
        entry.readerId = readerId;
        deleteReadByToken.put(readToken, entry);
    }

    /** Ends a delete-read; returns null if the token is not pending. */
    ObjectEntry endDeleteRead(final long readToken)
    {
        final ObjectEntry entry = deleteReadByToken.remove(readToken);
        if (null != entry)
        {
            entry.state = ObjectEntry.State.REMOVED;
        }

        return entry;
    }

    /**
     * Ends the job: removes every unsealed write, every non-persistent object (freeing inline ones) and
     * every non-persistent delete-read, adding their blocks to {@code blocks} and the released read tokens to {@code tokens}.
     */
    void end(final List<AllocatedBlock> blocks, final List<Long> tokens, final InlineStore inline)
    {
        ended = true;

        for (final ObjectEntry entry : unsealedByWriteId.values())
        {
            blocks.addAll(entry.blocks());
            unlink(entry);
            entry.state = ObjectEntry.State.REMOVED;
        }
        unsealedByWriteId.clear();

        final Iterator<ObjectEntry> objects = objectByName.values().iterator();
        while (objects.hasNext())
        {
            final ObjectEntry entry = objects.next();
            if (!entry.persistent)
            {
                objects.remove();
                entry.bucket.remove(entry);
                blocks.addAll(entry.blocks());
                inline.free(entry);
                entry.state = ObjectEntry.State.REMOVED;
            }
        }

        removeDeleteReads(false, 0, blocks, tokens);
    }

    /**
     * Aborts the unsealed writes and ends the delete-reads of an owner, adding their blocks to
     * {@code blocks} and the released read tokens to {@code tokens}.
     */
    void abortOwner(final long ownerId, final List<AllocatedBlock> blocks, final List<Long> tokens)
    {
        final Iterator<ObjectEntry> writes = unsealedByWriteId.values().iterator();
        while (writes.hasNext())
        {
            final ObjectEntry entry = writes.next();
            if (entry.ownerId == ownerId)
            {
                writes.remove();
                blocks.addAll(entry.blocks());
                unlink(entry);
                entry.state = ObjectEntry.State.REMOVED;
            }
        }

        removeDeleteReads(true, ownerId, blocks, tokens);
    }

    /** Frees the inline memory of every object, for a metadata server that is closing. */
    void freeInline(final InlineStore inline)
    {
        for (final ObjectEntry entry : objectByName.values())
        {
            inline.free(entry);
        }
    }

    /** An ended job with nothing left to read, delete or release. */
    boolean canBeForgotten()
    {
        return ended && objectByName.isEmpty() && deleteReadByToken.isEmpty() && unsealedByWriteId.isEmpty();
    }

    private void removeDeleteReads(
        final boolean byOwner, final long ownerId, final List<AllocatedBlock> blocks, final List<Long> tokens)
    {
        if (deleteReadByToken.isEmpty())
        {
            return;
        }

        final List<ObjectEntry> removed = new ArrayList<>();
        for (final ObjectEntry entry : deleteReadByToken.values())
        {
            if (byOwner ? entry.readerId == ownerId : !entry.persistent)
            {
                removed.add(entry);
            }
        }

        for (final ObjectEntry entry : removed)
        {
            deleteReadByToken.remove(entry.readToken);
            blocks.addAll(entry.blocks());
            tokens.add(entry.readToken);
            entry.state = ObjectEntry.State.REMOVED;
        }
    }

    private void unlink(final ObjectEntry entry)
    {
        objectByName.remove(entry.name, entry);
        entry.bucket.remove(entry);
    }
}
