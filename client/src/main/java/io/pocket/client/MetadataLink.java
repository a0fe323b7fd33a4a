package io.pocket.client;

import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.MetadataMessages.Allocation;
import io.pocket.transport.ResponseDecoder;

/**
 * The metadata server connection that one put or get uses from its first request to its last.
 * The metadata server ties an unsealed write (CREATE_OBJECT) and a DELETE read (LOOKUP with
 * FLAG_DELETE) to the connection that made it and reclaims them when that connection closes, so
 * the request that creates such a claim and the ones that end it go over one link, and the link
 * outlives the claim unless the claim must be reclaimed:
 * <ul>
 * <li>{@link PinnedMetadataLink}: a blocking connection borrowed for a call that runs to its end
 * on the calling thread ({@code put}, {@code get}); nobody else uses it meanwhile, and it goes
 * back to the pool only when it ends (sealed, aborted or released). If it breaks on the way it
 * is closed, and the server reclaims what it held.</li>
 * <li>{@link SharedMetadataLink}: the client's pipelined connection, for streams, which may be
 * abandoned: it lives as long as the client, so an abandoned stream is reclaimed when the client
 * closes or dies, as before.</li>
 * </ul>
 * Requests are encoded straight into the link ({@link #begin}), with no encoder object per call.
 * Used by one thread at a time.
 */
abstract class MetadataLink implements AutoCloseable
{
    /** Starts a request; the writer is positioned at its body. */
    abstract MessageWriter begin(int opcode);

    /** Sends the request begun and waits for its answer; an error answer is thrown typed. */
    abstract <T> T call(ResponseDecoder<T> decoder);

    /**
     * Sends ALLOCATE_BLOCKS without waiting; {@link #awaitAllocation()} takes its answer. At most
     * one is outstanding; an answer never taken is dropped.
     */
    abstract void requestAllocation(String jobId, long writeId, int count);

    /** The answer to the last {@link #requestAllocation}. */
    abstract Allocation awaitAllocation();

    /** Whether the calling thread may also move a small object's block itself (blocking storage connections). */
    abstract boolean transfersInline();

    /** Ends the link's use: a borrowed connection goes back to its pool (or is closed if it failed). */
    @Override
    public abstract void close();
}
