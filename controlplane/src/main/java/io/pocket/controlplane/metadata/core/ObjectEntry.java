package io.pocket.controlplane.metadata.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One object of a job from create to free. Guarded by its job's lock, except {@link #expiryNs} and
 * {@link #writeId}, which are fixed once the entry is in the expiry queue.
 */
final class ObjectEntry
{
    enum State
    {
        /** Created, blocks being allocated and written; invisible but its name is reserved. */
        UNSEALED,
        /** Visible to lookup, get and enumerate. */
        SEALED,
        /** Taken out of the namespace by a get with DELETE; blocks held until released. */
        DELETE_READING,
        /** Freed; nothing refers to it any more. */
        REMOVED
    }

    final JobNamespace job;
    final Bucket bucket;
    final String name;
    final boolean persistent;
    final long writeId;
    final long ownerId;
    State state = State.UNSEALED;
    long expiryNs = Long.MAX_VALUE;
    long readToken;
    long readerId;
    /** Stored on the metadata server (PUT_INLINE): its bytes are off-heap in {@link InlineStore}, it has no blocks. */
    boolean inline;
    boolean inlineFreed;
    long inlineAddress;
    int inlineLength;
    private ArrayList<AllocatedBlock> unsealedBlocks;
    private ObjectLocation location;

    ObjectEntry(
        final JobNamespace job,
        final Bucket bucket,
        final String name,
        final boolean persistent,
        final long writeId,
        final long ownerId,
        final ArrayList<AllocatedBlock> blocks)
    {
        this.job = job;
        this.bucket = bucket;
        this.name = name;
        this.persistent = persistent;
        this.writeId = writeId;
        this.ownerId = ownerId;
        this.unsealedBlocks = blocks;
    }

    /** The blocks the entry holds, in order. */
    List<AllocatedBlock> blocks()
    {
        return null == location ? unsealedBlocks : location.blocks();
    }

    void addBlocks(final List<AllocatedBlock> blocks)
    {
        unsealedBlocks.addAll(blocks);
    }

    int unsealedBlockCount()
    {
        return unsealedBlocks.size();
    }

    /**
     * Makes the entry visible with its first {@code blockCount} blocks.
     *
     * @return the surplus blocks beyond blockCount, to be freed
     */
    List<AllocatedBlock> seal(final long size, final int blockSize, final int blockCount)
    {
        final List<AllocatedBlock> surplus = new ArrayList<>(unsealedBlocks.subList(blockCount, unsealedBlocks.size()));
        location = new ObjectLocation(
            name, size, persistent, blockSize, List.copyOf(unsealedBlocks.subList(0, blockCount)), inline);
        unsealedBlocks = null;
        state = State.SEALED;

        return surplus;
    }

    ObjectLocation location()
    {
        return location;
    }

    @Override
    public String toString()
    {
        return "ObjectEntry{job=" + job.id + ", name=" + name + ", state=" + state + ", writeId=" + writeId + '}';
    }
}
