package io.pocket.controlplane.metadata.core;

/**
 * The answer to a lookup with DELETE: the object is already gone from the namespace; its blocks stay
 * allocated until the reader releases the lease with {@code readToken} (or its owner disconnects).
 *
 * @param readToken handle to release the object's blocks once read
 * @param location  where the object's bytes are
 */
public record DeleteLease(long readToken, ObjectLocation location)
{
}
