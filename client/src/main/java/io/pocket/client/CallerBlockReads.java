package io.pocket.client;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;

/**
 * The block reads of one object, done by the calling thread itself (docs/client.md "How a get works"): one
 * borrowed blocking connection per storage server, at most {@code readWindow} READ_BLOCK requests
 * in flight over all of them, each batch sent with one write per connection. Each answer is read
 * in two steps: its header and length (20 bytes), then the block's bytes straight into the
 * destination the sink names, so the kernel's copy is the only one on the client and no event loop
 * thread is woken. Answers on one connection may come in any order (a device tier completes out
 * of order); blocks are handed to {@link ObjectReader.BlockDone} in order. On failure every
 * connection with answers still due is closed, not reused.
 */
final class CallerBlockReads
{
    private final ObjectReader object;
    private final int blockCount;
    private final StoragePipeline pipeline;

    CallerBlockReads(final ObjectReader object, final JobSession session)
    {
        this.object = object;
        this.blockCount = object.blockCount();
        this.pipeline = new StoragePipeline(session, Math.min(session.context().readWindow(), blockCount));
    }

    /** Reads every block into {@code sinks.sinkFor(block)}; {@code done} (may be null) runs per block, in order. */
    void readAll(final ObjectReader.SinkForBlock sinks, final ObjectReader.BlockDone done)
    {
        final int window = pipeline.window();
        int started = 0;
        int next = 0;
        try (pipeline)
        {
            while (next < blockCount)
            {
                if (started < blockCount && started - next <= window / 2)
                {
                    while (started < blockCount && started - next < window)
                    {
                        queue(started++);
                    }
                    flushAll();
                }
                final int slot = pipeline.slotOf(next);
                while (!pipeline.isAnswered(next))
                {
                    receiveOne(slot, next, started, sinks);
                }
                while (next < started && pipeline.isAnswered(next))
                {
                    if (done != null)
                    {
                        done.blockDone(next);
                    }
                    next++;
                }
            }
        }
    }

    private void queue(final int block)
    {
        final BlockRef ref = object.blockRef(block);
        final StorageAddress server = object.serverOf(ref);
        final int slot;
        try
        {
            slot = pipeline.slotFor(server);
        }
        catch (final PocketException ex)
        {
            throw object.readFailure(server, ex);
        }
        final BlockingConnection connection = pipeline.connection(slot);
        BlockIoFlyweight.write(connection.queue(Opcodes.READ_BLOCK), ref, 0, object.blockLength(block));
        pipeline.queued(block, slot, connection.endQueued(), false);
    }

    private void flushAll()
    {
        for (int i = 0; i < pipeline.connections(); i++)
        {
            try
            {
                pipeline.connection(i).flush();
            }
            catch (final PocketException ex)
            {
                throw object.readFailure(pipeline.server(i), ex);
            }
        }
    }

    /** Reads the next answer on connection {@code slot}: one of the blocks {@code next} up to {@code started}. */
    private void receiveOne(final int slot, final int next, final int started, final ObjectReader.SinkForBlock sinks)
    {
        final BlockingConnection connection = pipeline.connection(slot);
        try
        {
            final MessageReader head = connection.receiveHead(Opcodes.READ_BLOCK, 4);
            final long id = head.header().correlationId();
            final int block = (int)pipeline.match(slot, id, next, started);
            final int sent = head.getInt();
            if (block < 0)
            {
                throw new ProtocolException("READ_BLOCK answer " + id + " from " + pipeline.server(slot).label() +
                    " for " + object.name() + " answers no request in flight");
            }
            final int length = object.blockLength(block);
            if (sent != length || connection.answerUnread() != length)
            {
                throw new ProtocolException("READ_BLOCK answer " + id + " from " + pipeline.server(slot).label() +
                    " for block " + block + " of " + object.name() + ": " + sent + " bytes sent, " +
                    connection.answerUnread() + " in the frame, " + length + " asked for");
            }
            connection.receivePayload(sinks.sinkFor(block).target(block, length));
        }
        catch (final PocketException ex)
        {
            throw object.readFailure(pipeline.server(slot), ex);
        }
    }
}
