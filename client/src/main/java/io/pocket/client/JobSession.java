package io.pocket.client;

import io.pocket.transport.BlockingConnection;
import io.pocket.transport.BlockingConnectionPool;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.Encoder;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every operation of one job handle needs: the job id, its metadata server, the client's
 * connection pools (blocking connections for calls the caller waits for, pipelined connections
 * for multi-block transfers and streams), address cache and buffer pool, and the timeouts.
 * Immutable apart from the block size learned from the metadata server; safe for many threads.
 */
final class JobSession
{
    /** Block size assumed for the first put of a job, before the metadata server has told it. */
    static final int BLOCK_SIZE_GUESS = 64 << 10;

    private final String jobId;
    private final String metadataAddress;
    private final String metadataLabel;
    private final ClientContext context;
    private final ConnectionPool pool;
    private final BlockingConnectionPool blocking;
    private final StorageDirectory storage;
    private final BlockBufferPool buffers;
    private volatile int blockSize;

    JobSession(
        final String jobId,
        final String metadataAddress,
        final ClientContext context,
        final ConnectionPool pool,
        final BlockingConnectionPool blocking,
        final StorageDirectory storage,
        final BlockBufferPool buffers)
    {
        this.jobId = jobId;
        this.metadataAddress = metadataAddress;
        this.metadataLabel = "metadata server " + metadataAddress;
        this.context = context;
        this.pool = pool;
        this.blocking = blocking;
        this.storage = storage;
        this.buffers = buffers;
    }

    String jobId()
    {
        return jobId;
    }

    String metadataAddress()
    {
        return metadataAddress;
    }

    String metadataLabel()
    {
        return metadataLabel;
    }

    ClientContext context()
    {
        return context;
    }

    BlockBufferPool buffers()
    {
        return buffers;
    }

    /** The job's block size as last seen, or a guess before any put or get. */
    int blockSizeHint()
    {
        final int size = blockSize;
        return size > 0 ? size : BLOCK_SIZE_GUESS;
    }

    /** Checks a block size the metadata server sent and remembers it. */
    void learnBlockSize(final int size)
    {
        if (size <= 0)
        {
            throw new ProtocolException(metadataLabel + " sent a block size of " + size);
        }
        context.checkBlockFits(size);
        blockSize = size;
    }

    /**
     * A blocking connection to the job's metadata server, held by the calling thread until the
     * link is closed: for a put or get that runs to its end on this thread.
     */
    MetadataLink pinMetadata()
    {
        return new PinnedMetadataLink(blocking, blocking.acquire(metadataAddress, metadataLabel));
    }

    /** The client's pipelined connection to the job's metadata server, for a stream (see {@link MetadataLink}). */
    MetadataLink shareMetadata()
    {
        return new SharedMetadataLink(this, pool.get(metadataAddress));
    }

    /** A blocking connection to the job's metadata server for a few requests; give it back with {@link #giveBack}. */
    BlockingConnection borrowMetadata()
    {
        return blocking.acquire(metadataAddress, metadataLabel);
    }

    /** A blocking connection to a storage server; give it back with {@link #giveBack}. */
    BlockingConnection borrowStorage(final StorageAddress server)
    {
        return blocking.acquire(server.address(), server.label());
    }

    void giveBack(final BlockingConnection connection)
    {
        blocking.release(connection);
    }

    /** One request to the metadata server, on the calling thread over a pooled blocking connection. */
    <T> T callMetadata(final int opcode, final Encoder request, final ResponseDecoder<T> decoder)
    {
        return blocking.call(metadataAddress, metadataLabel, opcode, request, decoder);
    }

    <T> T await(final CompletableFuture<T> future, final String peer)
    {
        return Futures.await(future, context.requestTimeoutMs(), peer);
    }

    /** When a request sent now times out, in {@link System#nanoTime()} terms. */
    long deadlineNs()
    {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(context.requestTimeoutMs());
    }

    /**
     * Waits for a request until its deadline, so that waiting for a window of requests sent
     * together takes at most one timeout, not one per request.
     */
    <T> T awaitUntil(final CompletableFuture<T> future, final long deadlineNs, final String peer)
    {
        final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
        try
        {
            return Futures.await(future, Math.max(1, leftMs), peer);
        }
        catch (final ServiceUnavailableException ex)
        {
            if (future.isCancelled())
            {
                throw new ServiceUnavailableException(peer + " did not answer within " + context.requestTimeoutMs() + " ms");
            }
            throw ex;
        }
    }

    /** Where a block's storage server listens (cached after the first SERVER_ADDRESS). */
    StorageAddress server(final int serverId)
    {
        return storage.resolve(serverId, this);
    }

    /** The shared connection to a storage server; {@link ServiceUnavailableException} if it cannot be reached. */
    RpcClient connect(final StorageAddress server)
    {
        return pool.get(server.address());
    }

    /**
     * Sends a request to a storage server, queued until {@link RpcClient#flush()} (a batch costs one
     * wake-up); one frame, one write: safe from many threads on one connection.
     */
    static <T> CompletableFuture<T> queueStorage(
        final RpcClient rpc, final int opcode, final Encoder request, final ResponseDecoder<T> decoder)
    {
        return rpc.call(opcode, request, null, decoder, false);
    }
}
