package io.pocket.client;

import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.MetadataMessages.AllocateBlocks;
import io.pocket.protocol.MetadataMessages.Allocation;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;
import io.pocket.transport.BlockingConnectionPool;
import io.pocket.transport.ResponseDecoder;

/**
 * A {@link MetadataLink} over one {@link BlockingConnection} borrowed for the whole put or get:
 * the calling thread sends and reads itself. An ALLOCATE_BLOCKS sent ahead waits in the socket
 * until it is taken; a request begun before that reads it first and keeps it (or its failure).
 */
final class PinnedMetadataLink extends MetadataLink
{
    private final BlockingConnectionPool pool;
    private final BlockingConnection connection;
    private boolean allocationSent;
    private Allocation allocationRead;
    private RuntimeException allocationFailure;

    PinnedMetadataLink(final BlockingConnectionPool pool, final BlockingConnection connection)
    {
        this.pool = pool;
        this.connection = connection;
    }

    @Override
    MessageWriter begin(final int opcode)
    {
        readAllocation();
        return connection.begin(opcode);
    }

    @Override
    <T> T call(final ResponseDecoder<T> decoder)
    {
        return connection.call(decoder);
    }

    @Override
    void requestAllocation(final String jobId, final long writeId, final int count)
    {
        new AllocateBlocks(jobId, writeId, count).encode(begin(Opcodes.ALLOCATE_BLOCKS));
        allocationRead = null;
        allocationFailure = null;
        connection.send();
        allocationSent = true;
    }

    @Override
    Allocation awaitAllocation()
    {
        readAllocation();
        final RuntimeException failure = allocationFailure;
        final Allocation allocation = allocationRead;
        allocationFailure = null;
        allocationRead = null;
        if (failure != null)
        {
            throw failure;
        }
        if (allocation == null)
        {
            throw new IllegalStateException("no allocation requested");
        }
        return allocation;
    }

    @Override
    boolean transfersInline()
    {
        return true;
    }

    @Override
    public void close()
    {
        if (allocationSent)
        {
            readAllocation();
        }
        pool.release(connection);
    }

    private void readAllocation()
    {
        if (allocationSent)
        {
            allocationSent = false;
            try
            {
                allocationRead = connection.receive(Allocation::decode);
            }
            catch (final RuntimeException ex)
            {
                allocationFailure = ex;
            }
        }
    }
}
