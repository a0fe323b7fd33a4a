package io.pocket.dataplane.device;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.pocket.transport.ServerConnection;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One staging buffer of a {@link DeviceQueue}: an aligned off-heap area of one block that a device request reads
 * into or writes from, together with the state of that request.
 * <p>
 * It is also the Netty buffer a READ_BLOCK answer is sent from: the queue points the reader and writer indexes at the
 * requested bytes and hands the slot itself to Netty; when Netty releases it after the send, {@link #deallocate()}
 * gives the slot back to its pool instead of freeing memory. The reference count is re-armed for each send, so a slot
 * object serves request after request without allocation.
 */
final class StagingSlot extends UnpooledDirectByteBuf
{
    static final byte IDLE = 0;
    static final byte WRITE = 1;
    static final byte READ = 2;

    final int index;
    final long address;
    final UnsafeBuffer view;
    private final StagingBuffers pool;

    boolean inUse;
    byte op = IDLE;
    ServerConnection connection;
    long correlationId;
    long blockId;
    long generation;
    long fileOffset;
    int ioLength;
    int dataOffset;
    int dataLength;
    long queuedNanos;

    StagingSlot(final StagingBuffers pool, final int index, final long address, final int size)
    {
        super(UnpooledByteBufAllocator.DEFAULT, NativeMemory.directByteBuffer(address, size), size);
        this.pool = pool;
        this.index = index;
        this.address = address;
        this.view = new UnsafeBuffer(address, size);
    }

    void request(
        final byte op,
        final ServerConnection connection,
        final long correlationId,
        final long blockId,
        final long generation,
        final long fileOffset,
        final int ioLength,
        final int dataOffset,
        final int dataLength)
    {
        this.op = op;
        this.connection = connection;
        this.correlationId = correlationId;
        this.blockId = blockId;
        this.generation = generation;
        this.fileOffset = fileOffset;
        this.ioLength = ioLength;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
    }

    /** Make the slot a buffer of the requested bytes with one reference, owned by whoever it is handed to next. */
    StagingSlot armForSend()
    {
        resetRefCnt();
        setIndex(dataOffset, dataOffset + dataLength);
        return this;
    }

    /** Forget the request (the connection above all), before the slot returns to its pool. */
    void forgetRequest()
    {
        op = IDLE;
        connection = null;
    }

    /** The last reference was released: the send is over; the memory goes back to the pool, never to the OS. */
    @Override
    protected void deallocate()
    {
        pool.releaseFromAnyThread(this);
    }
}
