package io.pocket.dataplane.tier;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ErrorCode;

/**
 * The error answered for a rejected block request: a {@link BlockStatus} code turned into the typed exception whose
 * code and message the client sees. Only called on the error path, so it may allocate.
 */
public final class BlockErrors
{
    private BlockErrors()
    {
    }

    /**
     * Exception for a rejection by a {@link BlockStore}.
     *
     * @param status     the {@link BlockStatus} code, not OK.
     * @param store      the store that rejected the request.
     * @param serverId   id of this storage server.
     * @param blockId    block of the request.
     * @param generation generation of the request.
     * @param offset     byte offset of the request.
     * @param length     byte length of the request.
     * @return the exception to throw (or answer).
     */
    public static PocketException of(
        final int status,
        final BlockStore store,
        final int serverId,
        final long blockId,
        final long generation,
        final int offset,
        final int length)
    {
        switch (status)
        {
            case BlockStatus.OUT_OF_RANGE:
                return new InvalidArgumentException("block " + blockId + " out of range: server " + serverId +
                    " has " + store.kind() + " blocks 0.." + (store.blockCount() - 1));
            case BlockStatus.MISALIGNED_OR_TOO_LONG:
                return new InvalidArgumentException("byte range offset " + offset + " length " + length +
                    " does not fit a block of " + store.blockSize() + " bytes");
            case BlockStatus.STALE_GENERATION:
            case BlockStatus.NOT_WRITTEN:
                return new PocketException(ErrorCode.STALE_BLOCK, "block " + blockId + " of server " + serverId +
                    " no longer holds generation " + generation + " (freed or reused)");
            case BlockStatus.CLOSED:
                return new ServiceUnavailableException("storage server " + serverId + " is shutting down");
            default:
                return new PocketException(ErrorCode.INTERNAL_ERROR, "block " + blockId + ": unexpected tier status " +
                    BlockStatus.describe(status));
        }
    }
}
