package io.pocket.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.MetadataMessages.AllocateBlocks;
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
 * byte order. Used by one thread at a time; all its metadata requests go over the connection that
 * created the object, which owns the unsealed write on the metadata server.
 */
final class ObjectWriter
{
    private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);

    private final JobSession session;
    private final String name;
    private final RpcClient metadata;
    private final int window;
    private final int allocateAhead;
    private final ArrayDeque<BlockRef> free = new ArrayDeque<>();
    private final ArrayDeque<BlockWrite> inFlight = new ArrayDeque<>();
    private final long writeId;
    private final int blockSize;
    private final long blocksNeeded;
    private long blocksAllocated;
    private long bytesWritten;
    private CompletableFuture<Allocation> allocation;
    private boolean done;

    /**
     * Reserves the name and gets the first blocks.
     *
     * @param size the object's size if known, or -1 for a stream
     */
    ObjectWriter(final JobSession session, final String name, final int flags, final long size)
    {
        this.session = session;
        this.name = name;
        this.metadata = session.metadata();
        this.window = session.context().writeWindow();
        this.allocateAhead = session.context().allocateAhead();
        final int wanted = size < 0 ? 1 : (int)Math.min(blocksFor(size, session.blockSizeHint()), allocateAhead);
        final Allocation first = session.await(metadata.call(Opcodes.CREATE_OBJECT,
            w -> new CreateObject(session.jobId(), name, flags, wanted).encode(w), Allocation::decode),
            session.metadataLabel());
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
     *
     * @throws PocketException if this or an earlier block failed; the caller then calls {@link #abort()}
     */
    void write(final ByteBuffer data, final Runnable onRetired)
    {
        ByteBuf payload = null;
        try
        {
            final int length = data.remaining();
            if (length <= 0 || length > blockSize)
            {
                throw new IllegalStateException("block of " + length + " bytes, block size " + blockSize);
            }
            while (inFlight.size() >= window)
            {
                retire(inFlight.poll());
            }
            final BlockRef ref = takeBlock();
            final StorageServer server = session.server(ref.serverId(), metadata);
            final RpcClient storage = session.connect(server);
            payload = Unpooled.wrappedBuffer(data).retain();
            final CompletableFuture<Void> answer = JobSession.callStorage(storage, Opcodes.WRITE_BLOCK,
                w -> BlockIoFlyweight.write(w, ref, 0, length), payload, ResponseDecoder.EMPTY);
            inFlight.add(new BlockWrite(answer, session.deadlineNs(), storage, server, payload, onRetired));
            bytesWritten += length;
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
        while (!inFlight.isEmpty())
        {
            retire(inFlight.poll());
        }
        final long size = bytesWritten;
        session.await(metadata.call(Opcodes.SEAL_OBJECT, w -> new SealObject(session.jobId(), writeId, size).encode(w),
            ResponseDecoder.EMPTY), session.metadataLabel());
        done = true;
    }

    /**
     * Best effort: waits until no write refers to the caller's memory, then frees everything of the
     * object. Never throws; a metadata server that cannot be told reclaims the object when this
     * client's connection closes.
     */
    void abort()
    {
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
            session.await(metadata.call(Opcodes.ABORT_OBJECT, w -> new SealObject(session.jobId(), writeId, -1).encode(w),
                ResponseDecoder.EMPTY), session.metadataLabel());
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
            if (allocation == null)
            {
                requestBlocks();
            }
            final CompletableFuture<Allocation> pending = allocation;
            allocation = null;
            final Allocation more = session.await(pending, session.metadataLabel());
            if (more.blocks().isEmpty())
            {
                throw new OutOfCapacityException("no block left for object " + name + " of job " + session.jobId());
            }
            accept(more);
        }
        final BlockRef ref = free.poll();
        if (allocation == null && free.size() <= allocateAhead / 2 && (blocksNeeded < 0 || blocksAllocated < blocksNeeded))
        {
            requestBlocks();
        }
        return ref;
    }

    private void requestBlocks()
    {
        final long missing = blocksNeeded < 0 ? allocateAhead : blocksNeeded - blocksAllocated;
        final int count = (int)Math.max(1, Math.min(allocateAhead, missing));
        allocation = metadata.call(Opcodes.ALLOCATE_BLOCKS,
            w -> new AllocateBlocks(session.jobId(), writeId, count).encode(w), Allocation::decode);
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

    private void retire(final BlockWrite write)
    {
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
        StorageServer server,
        ByteBuf payload,
        Runnable onRetired)
    {
    }
}
