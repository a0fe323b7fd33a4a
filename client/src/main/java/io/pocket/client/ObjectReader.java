package io.pocket.client;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MetadataMessages;
import io.pocket.protocol.MetadataMessages.NameRequest;
import io.pocket.protocol.MetadataMessages.ObjectLocation;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The read side of one object (docs/flows.md "Objects"): LOOKUP, then READ_BLOCK per block to the
 * block's storage server. Over a {@link MetadataLink} that
 * {@linkplain MetadataLink#transfersInline() transfers inline} the calling thread reads the blocks
 * itself ({@link CallerBlockReads}: pipelined blocking connections, bytes read straight into the
 * sink's memory); otherwise (streams) they are pipelined over the shared connections and each
 * response copied by its {@link BlockSink} out of the receive buffer. Failures
 * come out typed: an unreachable storage server as {@link DataUnavailableException} naming the
 * object, a freed block as {@link ObjectNotFoundException}. A LOOKUP answered DATA_UNAVAILABLE (a
 * server of the object was declared lost) is tried again for a bounded time first. {@link #close()} stops all copying and,
 * for a DELETE read, sends RELEASE over the same link as the LOOKUP so the blocks are freed,
 * whether the read succeeded or not. A small object stored on the metadata server arrives with the
 * LOOKUP answer itself: no block reads and no RELEASE. The caller owns the link and closes it after this reader.
 * Used by one thread at a time.
 */
final class ObjectReader implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ObjectReader.class);

    private final JobSession session;
    private final String name;
    private static final long UNAVAILABLE_BACKOFF_MIN_MS = 20;
    private static final long UNAVAILABLE_BACKOFF_MAX_MS = 500;

    private final boolean delete;
    private final MetadataLink metadata;
    private final ObjectLocation location;
    private final int blockCount;
    private final CopyGate gate = new CopyGate();
    private boolean closed;

    ObjectReader(final JobSession session, final MetadataLink metadata, final String name, final boolean delete)
    {
        this.session = session;
        this.name = name;
        this.delete = delete;
        this.metadata = metadata;
        location = lookup(session, metadata, name, delete);
        try
        {
            final long size = location.size();
            if (size < 0 || (size > 0 && location.blockSize() <= 0))
            {
                throw new ProtocolException(session.metadataLabel() + " located " + name + " with size " + size +
                    " and block size " + location.blockSize());
            }
            final long blocks = size == 0 ? 0 : ObjectWriter.blocksFor(size, location.blockSize());
            if (location.isInline() ? blocks > 1 : blocks > location.blocks().size())
            {
                throw new ProtocolException(session.metadataLabel() + " located " + name + " of " + size + " bytes in " +
                    location.blocks().size() + " blocks of " + location.blockSize());
            }
            blockCount = (int)blocks;
            if (size > 0)
            {
                session.learnBlockSize(location.blockSize());
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** The object's bytes if the metadata server sent them with the lookup (small objects), else null. */
    byte[] inlineBytes()
    {
        return location.inline();
    }

    long size()
    {
        return location.size();
    }

    int blockSize()
    {
        return location.blockSize();
    }

    int blockCount()
    {
        return blockCount;
    }

    long blockOffset(final int block)
    {
        return (long)block * location.blockSize();
    }

    int blockLength(final int block)
    {
        return (int)Math.min(location.blockSize(), location.size() - blockOffset(block));
    }

    /** Starts reading {@code block} into {@code sink}. */
    BlockRead read(final int block, final BlockSink sink)
    {
        if (location.isInline())
        {
            copyInline(sink);
            return new BlockRead(CompletableFuture.completedFuture(null), 0, null, null);
        }
        final BlockRead read = queue(block, sink);
        read.storage().flush();
        return read;
    }

    /** Queues a read of {@code block} into {@code sink}; it goes out when its connection is flushed. */
    private BlockRead queue(final int block, final BlockSink sink)
    {
        final BlockRef ref = location.blocks().get(block);
        final int length = blockLength(block);
        final StorageAddress server = serverOf(ref);
        final RpcClient storage;
        try
        {
            storage = session.connect(server);
        }
        catch (final ServiceUnavailableException ex)
        {
            throw unavailable(server, ex);
        }
        final CompletableFuture<Void> answer = JobSession.queueStorage(storage, Opcodes.READ_BLOCK,
            w -> BlockIoFlyweight.write(w, ref, 0, length), new Decoder(sink, block, length));
        return new BlockRead(answer, session.deadlineNs(), server, storage);
    }

    /** Waits for a read started by {@link #read}; its bytes are in the sink when this returns. */
    void await(final BlockRead read)
    {
        if (read.server == null)
        {
            return;
        }
        try
        {
            session.awaitUntil(read.answer, read.deadlineNs, read.server.label());
        }
        catch (final PocketException ex)
        {
            throw readFailure(read.server, ex);
        }
    }

    /** Reads every block, at most {@code readWindow} at a time, into {@code sink}. */
    void readAll(final BlockSink sink)
    {
        if (location.isInline())
        {
            copyInline(sink);
            return;
        }
        readAll(block -> sink, null);
    }

    /**
     * Reads every block, at most {@code readWindow} at a time. Block {@code b} goes to the sink
     * {@code sinks.sinkFor(b)}; once it is complete, {@code done} runs for it on this thread
     * before block {@code b + readWindow} is started, so sinks may be reused modulo the window.
     */
    void readAll(final SinkForBlock sinks, final BlockDone done)
    {
        if (location.isInline() && blockCount == 1)
        {
            copyInline(sinks.sinkFor(0));
            if (done != null)
            {
                done.blockDone(0);
            }
            return;
        }
        if (metadata.transfersInline())
        {
            new CallerBlockReads(this, session).readAll(sinks, done);
            return;
        }
        final int window = Math.min(session.context().readWindow(), Math.max(blockCount, 1));
        final BlockRead[] ring = new BlockRead[window];
        int started = 0;
        final RpcClient[] toFlush = new RpcClient[window];
        for (int finished = 0; finished < blockCount; finished++)
        {
            // Refill the window in batches of at least half of it: each batch is queued, then every
            // connection it used is flushed once, so a batch costs one wake-up per storage server.
            if (started < blockCount && started - finished <= window / 2)
            {
                int connections = 0;
                try
                {
                    while (started < blockCount && started - finished < window)
                    {
                        final BlockRead read = queue(started, sinks.sinkFor(started));
                        ring[started % window] = read;
                        started++;
                        connections = remember(toFlush, connections, read.storage());
                    }
                }
                finally
                {
                    for (int i = 0; i < connections; i++)
                    {
                        toFlush[i].flush();
                        toFlush[i] = null;
                    }
                }
            }
            await(ring[finished % window]);
            ring[finished % window] = null;
            if (done != null)
            {
                done.blockDone(finished);
            }
        }
    }

    /** An inline object is block 0 of its location, already here. */
    private void copyInline(final BlockSink sink)
    {
        if (blockCount == 1)
        {
            sink.copy(new UnsafeBuffer(location.inline()), 0, 0, location.inline().length);
        }
    }

    private static int remember(final RpcClient[] connections, final int count, final RpcClient connection)
    {
        for (int i = 0; i < count; i++)
        {
            if (connections[i] == connection)
            {
                return count;
            }
        }
        connections[count] = connection;
        return count + 1;
    }

    /** Stops copying into sinks (late responses are dropped) and releases a DELETE read. Never throws. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        gate.closeAndDrain();
        if (delete && location != null && !location.isInline())
        {
            final long token = location.readToken();
            try
            {
                metadata.begin(Opcodes.RELEASE).putString(session.jobId()).putLong(token);
                metadata.call(ResponseDecoder.EMPTY);
            }
            catch (final RuntimeException ex)
            {
                LOG.debug("release of {} in job {} not confirmed: {}", name, session.jobId(), ex.getMessage());
            }
        }
    }

    String name()
    {
        return name;
    }

    /**
     * LOOKUP, tried again while it answers DATA_UNAVAILABLE (a storage server of the object was declared lost; the
     * object stays in place, also for a DELETE lookup) until {@link ClientContext#unavailableWaitMs()} has passed: a
     * server declared lost during a pause comes back with its blocks.
     */
    private static ObjectLocation lookup(final JobSession session, final MetadataLink metadata, final String name,
        final boolean delete)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(session.context().unavailableWaitMs());
        long backoffMs = UNAVAILABLE_BACKOFF_MIN_MS;
        while (true)
        {
            new NameRequest(session.jobId(), name, delete ? MetadataMessages.FLAG_DELETE : 0)
                .encode(metadata.begin(Opcodes.LOOKUP));
            try
            {
                return metadata.call(ObjectLocation::decode);
            }
            catch (final DataUnavailableException ex)
            {
                final long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0)
                {
                    throw ex;
                }
                LockSupport.parkNanos(Math.min(leftNanos, TimeUnit.MILLISECONDS.toNanos(backoffMs)));
                if (Thread.interrupted())
                {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
                backoffMs = Math.min(UNAVAILABLE_BACKOFF_MAX_MS, 2 * backoffMs);
            }
        }
    }

    BlockRef blockRef(final int block)
    {
        return location.blocks().get(block);
    }

    StorageAddress serverOf(final BlockRef ref)
    {
        try
        {
            return session.server(ref.serverId());
        }
        catch (final PocketException ex)
        {
            if (ex.code() == ErrorCode.UNKNOWN_SERVER)
            {
                throw new DataUnavailableException("object " + name + " of job " + session.jobId() +
                    " is unavailable: storage server " + ref.serverId() + " is gone", ex);
            }
            throw ex;
        }
    }

    /**
     * A failed block read as the caller sees it: the server unreachable or silent, or restarted without the block
     * (data unavailable), or the block freed (the object was deleted).
     */
    PocketException readFailure(final StorageAddress server, final PocketException ex)
    {
        if (ex instanceof ServiceUnavailableException)
        {
            return unavailable(server, ex);
        }
        if (ex.code() == ErrorCode.STALE_BLOCK)
        {
            return new ObjectNotFoundException("object " + name + " was deleted while it was being read", ex);
        }
        if (ex.code() == ErrorCode.UNKNOWN_SERVER)
        {
            return new DataUnavailableException("object " + name + " of job " + session.jobId() + " is unavailable: " +
                server.label() + " is gone (" + ex.getMessage() + ")", ex);
        }
        return ex;
    }

    private DataUnavailableException unavailable(final StorageAddress server, final RuntimeException cause)
    {
        return new DataUnavailableException("object " + name + " of job " + session.jobId() + " is unavailable: " +
            server.label() + " cannot be reached", cause);
    }

    /** The sink for a block. */
    @FunctionalInterface
    interface SinkForBlock
    {
        BlockSink sinkFor(int block);
    }

    /** What to do once a block has arrived. */
    @FunctionalInterface
    interface BlockDone
    {
        void blockDone(int block);
    }

    /** A block read under way. */
    record BlockRead(CompletableFuture<Void> answer, long deadlineNs, StorageAddress server, RpcClient storage)
    {
    }

    /** Checks a READ_BLOCK response and copies its bytes while the gate is open. */
    private final class Decoder implements ResponseDecoder<Void>
    {
        private final BlockSink sink;
        private final int block;
        private final int length;

        Decoder(final BlockSink sink, final int block, final int length)
        {
            this.sink = sink;
            this.block = block;
            this.length = length;
        }

        @Override
        public Void decode(final MessageReader reader)
        {
            final int sent = reader.getInt();
            if (sent != length || reader.remaining() != length)
            {
                throw new ProtocolException("READ_BLOCK of block " + block + " of " + name + " asked for " + length +
                    " bytes, got " + sent + " (" + reader.remaining() + " in the frame)");
            }
            if (gate.enter())
            {
                try
                {
                    sink.copy(reader.buffer(), reader.position(), block, length);
                }
                finally
                {
                    gate.exit();
                }
            }
            reader.skip(length);
            return null;
        }
    }
}
