package io.pocket.controlplane.metadata.core;

import io.pocket.client.ObjectInfo;

import java.util.List;

/**
 * Where a sealed object's bytes are: what a lookup returns. Built once when the object is sealed and
 * shared by every lookup, so the block list is immutable and must not be copied per lookup.
 *
 * @param name       the object's full name
 * @param size       its size in bytes
 * @param persistent whether it was put with PERSIST
 * @param blockSize  bytes per block; every block but the last is full
 * @param blocks     the object's blocks in order, immutable; none for an inline object
 * @param inline     whether its bytes are kept by the metadata server itself ({@link InlineStore})
 */
public record ObjectLocation(String name, long size, boolean persistent, int blockSize, List<AllocatedBlock> blocks,
    boolean inline)
{
    /** The location of an object stored in blocks. */
    public ObjectLocation(final String name, final long size, final boolean persistent, final int blockSize,
        final List<AllocatedBlock> blocks)
    {
        this(name, size, persistent, blockSize, blocks, false);
    }

    /** What the client API reports about the object. */
    public ObjectInfo info()
    {
        return new ObjectInfo(name, size, persistent);
    }
}
