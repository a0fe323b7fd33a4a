package io.pocket.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.MetadataMessages.Allocation;
import io.pocket.protocol.MetadataMessages.CreateObject;
import io.pocket.protocol.MetadataMessages.SealObject;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The write pipeline of one unsealed object (docs/flows.md "Objects"): CREATE_OBJECT, then one
 * WRITE_BLOCK per block with at most {@code writeWindow} in flight, the next ALLOCATE_BLOCKS sent
 * while earlier blocks are still being written, and SEAL_OBJECT once every write has succeeded, or
 * ABORT_OBJECT after any failure. Blocks are filled in allocation order, which is the object's
 * byte order. An object of known size written over a {@link MetadataLink} that
 * {@linkplain MetadataLink#transfersInline() transfers inline} is written by the calling thread
 * itself ({@link CallerBlockWrites}: pipelined blocking connections, gathering writes from the
 * caller's memory, no hand-off); a stream's blocks are pipelined over the shared connections,
 * their writes flushed in batches (see {@link #queued}). Used by one thread at a time; all its
 * metadata requests go over one {@link MetadataLink}, whose connection owns the unsealed write on
 * the metadata server; the caller owns the link and closes it after this writer is done.
 */
final class ObjectWriter
{
    private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);

    private final JobSession session;
    private final String name;
    private final MetadataLink metadata;
    private final int window;
    private final int allocateAhead;
    private final ArrayDeque<BlockRef> free = new ArrayDeque<>();
    private final ArrayDeque<BlockWrite> inFlight = new ArrayDeque<>();
    private final RpcClient[] unflushed = new RpcClient[4];
    private int unflushedConnections;
    private int unflushedWrites;
    private final int flushEvery;
    private final long writeId;
    private final int blockSize;
    private final long blocksNeeded;
    private long blocksAllocated;
    /** Non-null when the calling thread writes the blocks itself (a put of known size over a pinned link). */
    private final CallerBlockWrites callerWrites;
    private long bytesWritten;
    private boolean allocationPending;
    private boolean done;

    /**
     * Reserves the name and gets the first blocks.
     *
     * @param size the object's size if known, or -1 for a stream
     */
    ObjectWriter(final JobSession session, final MetadataLink metadata, final String name, final int flags,
        final long size)
    {
        this.session = session;
        this.name = name;
        this.metadata = metadata;
        this.window = session.context().writeWindow();
        this.allocateAhead = session.context().allocateAhead();
        final int wanted = size < 0 ? 1 : (int)Math.min(blocksFor(size, session.blockSizeHint()), allocateAhead);
        new CreateObject(session.jobId(), name, flags, wanted).encode(metadata.begin(Opcodes.CREATE_OBJECT));
        final Allocation first = metadata.call(Allocation::decode);
        writeId = first.writeId();
        blockSize = first.blockSize();
        try
        {
            session.learnBlockSize(blockSize);
        }
        catch (final RuntimeException ex)
        {
            abort();
            throw ex;
        }
        blocksNeeded = size < 0 ? -1 : blocksFor(size, blockSize);
        // A stream's writer may pause between blocks: its blocks go out at once, so that no request
        // waits unsent while its timeout runs.
        flushEvery = size < 0 ? 1 : Math.max(1, window / 2);
        callerWrites = blocksNeeded >= 1 && metadata.transfersInline() ? new CallerBlockWrites(session, window) : null;
        accept(first);
    }

    int blockSize()
    {
        return blockSize;
    }

    long bytesWritten()
    {
        return bytesWritten;
    }

    /**
     * Sends {@code data} (position to limit, at most one block; only the last block may be short)
     * as the next block. {@code onRetired} runs exactly once, on this thread, when no transfer
     * refers to {@code data} any more: after its write was answered, or at once if it was never sent.
     * A block the calling thread sends itself moves {@code data}'s position; others do not.
     *
     * @throws PocketException if this or an earlier block failed; the caller then calls {@link #abort()}
     */
    void write(final ByteBuffer data, final Runnable onRetired)
    {
        if (callerWrites != null)
        {
            try
            {
                final int length = checkedLength(data);
                final BlockRef ref = takeBlock();
                callerWrites.write(ref, session.server(ref.serverId()), data);
                bytesWritten += length;
            }
            finally
            {
                if (onRetired != null)
                {
                    callerWrites.flush();
                    onRetired.run();
                }
            }
            return;
        }
        ByteBuf payload = null;
        try
        {
            final int length = checkedLength(data);
            while (inFlight.size() >= window)
            {
                retire(inFlight.poll());
            }
            final BlockRef ref = takeBlock();
            final StorageAddress server = session.server(ref.serverId());
            final RpcClient storage = session.connect(server);
            payload = Unpooled.wrappedBuffer(data).retain();
            final boolean flush = unflushedWrites + 1 >= flushEvery;
            final CompletableFuture<Void> answer = storage.call(Opcodes.WRITE_BLOCK,
                w -> BlockIoFlyweight.write(w, ref, 0, length), payload, ResponseDecoder.EMPTY, flush);
            inFlight.add(new BlockWrite(answer, session.deadlineNs(), storage, server, payload, onRetired));
            bytesWritten += length;
            if (flush)
            {
                flushAll(storage);
            }
            else
            {
                queued(storage);
            }
        }
        catch (final RuntimeException ex)
        {
            if (payload != null)
            {
                payload.release();
            }
            if (onRetired != null)
            {
                onRetired.run();
            }
            throw ex;
        }
    }

    /** Waits for every write, then seals the object at {@link #bytesWritten()} bytes. */
    void seal()
    {
        if (callerWrites != null)
        {
            callerWrites.finish();
            callerWrites.close();
        }
        while (!inFlight.isEmpty())
        {
            retire(inFlight.poll());
        }
        new SealObject(session.jobId(), writeId, bytesWritten).encode(metadata.begin(Opcodes.SEAL_OBJECT));
        metadata.call(ResponseDecoder.EMPTY);
        done = true;
    }

    /**
     * Best effort: waits until no write refers to the caller's memory, then frees everything of the
     * object. Never throws; a metadata server that cannot be told reclaims the object when this
     * client's connection closes.
     */
    void abort()
    {
        if (callerWrites != null)
        {
            callerWrites.close();
        }
        while (!inFlight.isEmpty())
        {
            try
            {
                retire(inFlight.poll());
            }
            catch (final RuntimeException ignore)
            {
                // the first failure is what the caller reports
            }
        }
        if (done)
        {
            return;
        }
        done = true;
        try
        {
            new SealObject(session.jobId(), writeId, -1).encode(metadata.begin(Opcodes.ABORT_OBJECT));
            metadata.call(ResponseDecoder.EMPTY);
        }
        catch (final RuntimeException ex)
        {
            LOG.debug("abort of {} in job {} not confirmed: {}", name, session.jobId(), ex.getMessage());
        }
    }

    private BlockRef takeBlock()
    {
        while (free.isEmpty())
        {
            if (!allocationPending)
            {
                requestBlocks();
            }
            allocationPending = false;
            flushAll(null);
            if (callerWrites != null)
            {
                callerWrites.flush();
            }
            final Allocation more = metadata.awaitAllocation();
            if (more.blocks().isEmpty())
            {
                throw new OutOfCapacityException("no block left for object " + name + " of job " + session.jobId());
            }
            accept(more);
        }
        final BlockRef ref = free.poll();
        if (!allocationPending && free.size() <= allocateAhead / 2 && (blocksNeeded < 0 || blocksAllocated < blocksNeeded))
        {
            requestBlocks();
        }
        return ref;
    }

    private void requestBlocks()
    {
        final long missing = blocksNeeded < 0 ? allocateAhead : blocksNeeded - blocksAllocated;
        final int count = (int)Math.max(1, Math.min(allocateAhead, missing));
        metadata.requestAllocation(session.jobId(), writeId, count);
        allocationPending = true;
    }

    private int checkedLength(final ByteBuffer data)
    {
        final int length = data.remaining();
        if (length <= 0 || length > blockSize)
        {
            throw new IllegalStateException("block of " + length + " bytes, block size " + blockSize);
        }
        return length;
    }

    private void accept(final Allocation allocated)
    {
        if (allocated.blockSize() != blockSize || allocated.writeId() != writeId)
        {
            throw new ProtocolException(session.metadataLabel() + " answered with write " + allocated.writeId() +
                " and blocks of " + allocated.blockSize() + " bytes for write " + writeId + " with blocks of " + blockSize);
        }
        free.addAll(allocated.blocks());
        blocksAllocated += allocated.blocks().size();
    }

    /**
     * The writes of an object of known size are queued on their connections without waking the
     * event loop and go out in batches of {@code window / 2}: one wake-up and one gathering write
     * per batch rather than per block. Every wait for an answer or an allocation flushes first.
     */
    private void queued(final RpcClient storage)
    {
        unflushedWrites++;
        for (int i = 0; i < unflushedConnections; i++)
        {
            if (unflushed[i] == storage)
            {
                return;
            }
        }
        if (unflushedConnections == unflushed.length)
        {
            flushAll(null);
            storage.flush();
            return;
        }
        unflushed[unflushedConnections++] = storage;
    }

    /** Flushes every connection with queued writes but {@code flushed} (null for none), which was just flushed. */
    private void flushAll(final RpcClient flushed)
    {
        for (int i = 0; i < unflushedConnections; i++)
        {
            if (unflushed[i] != flushed)
            {
                unflushed[i].flush();
            }
            unflushed[i] = null;
        }
        unflushedConnections = 0;
        unflushedWrites = 0;
    }

    private void retire(final BlockWrite write)
    {
        flushAll(null);
        try
        {
            session.awaitUntil(write.answer, write.deadlineNs, write.server.label());
        }
        finally
        {
            final boolean released = PayloadRelease.release(write.payload, write.storage, write.server,
                session.context().connectTimeoutMs());
            if (released && write.onRetired != null)
            {
                write.onRetired.run();
            }
        }
    }

    static long blocksFor(final long size, final int blockSize)
    {
        return size / blockSize + (size % blockSize == 0 ? 0 : 1);
    }

    private record BlockWrite(
        CompletableFuture<Void> answer,
        long deadlineNs,
        RpcClient storage,
        StorageAddress server,
        ByteBuf payload,
        Runnable onRetired)
    {
    }
}
