package io.pocket.client;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;

import java.nio.ByteBuffer;

/**
 * The block writes of one object of known size, done by the calling thread itself (docs/client.md
 * "How a put works"): one borrowed blocking connection per storage server, at most {@code window}
 * WRITE_BLOCK requests in flight over all of them. Requests are queued with their payloads and
 * sent in batches of {@code window / 2}, one gathering write per connection straight from the
 * caller's memory (no copy in user space, no event loop thread woken); a payload is no longer
 * referenced once the write that sent it returns. Answers on one connection may come in any order
 * (a device tier completes out of order). {@link #close()} gives the connections back: the pool
 * closes any with answers still due. Writes to DRAM are sent quietly (docs/protocol.md, FLAG_QUIET):
 * of a batch's writes to one server only the last is answered, unless one fails, and an error answer
 * closes the connection, whose count of answers due it leaves unreliable.
 */
final class CallerBlockWrites implements AutoCloseable
{
    /** Tier code of DRAM, whose writes a storage server handles in order and may answer quietly. */
    private static final int DRAM_TIER = 0;

    private final StoragePipeline pipeline;
    private final int batch;
    private long oldest;
    private long next;
    private int unsent;

    CallerBlockWrites(final JobSession session, final int window)
    {
        this.pipeline = new StoragePipeline(session, window);
        this.batch = Math.max(1, pipeline.window() / 2);
    }

    /**
     * Queues a write of {@code data}'s remaining bytes to block {@code ref} of {@code server},
     * sending the batch once it is full and first waiting for the oldest answers while
     * {@code window} writes are in flight.
     */
    void write(final BlockRef ref, final StorageAddress server, final ByteBuffer data)
    {
        while (next - oldest >= pipeline.window())
        {
            retireOldest();
        }
        final int slot = pipeline.slotFor(server);
        final BlockingConnection connection = pipeline.connection(slot);
        final boolean quiet = ref.tier() == DRAM_TIER;
        BlockIoFlyweight.write(connection.queue(Opcodes.WRITE_BLOCK), ref, 0, data.remaining());
        pipeline.queued(next++, slot, connection.endQueued(data, quiet), quiet);
        if (++unsent >= batch)
        {
            flush();
        }
    }

    /** Sends every queued write; none refers to the caller's memory afterwards. */
    void flush()
    {
        unsent = 0;
        for (int i = 0; i < pipeline.connections(); i++)
        {
            pipeline.connection(i).flush();
        }
    }

    /** Sends what is queued and waits for every answer. */
    void finish()
    {
        flush();
        while (oldest < next)
        {
            retireOldest();
        }
    }

    @Override
    public void close()
    {
        pipeline.close();
    }

    private void retireOldest()
    {
        flush();
        final int slot = pipeline.slotOf(oldest);
        while (!pipeline.isAnswered(oldest))
        {
            receiveOne(slot);
        }
        oldest++;
    }

    private void receiveOne(final int slot)
    {
        final BlockingConnection connection = pipeline.connection(slot);
        final MessageReader answer;
        try
        {
            answer = connection.receiveHead(Opcodes.WRITE_BLOCK, 0);
        }
        catch (final PocketException ex)
        {
            connection.abort("a WRITE_BLOCK failed: " + ex.getMessage());
            throw ex;
        }
        final long id = answer.header().correlationId();
        try
        {
            connection.receiveRest().end();
        }
        catch (final ProtocolException ex)
        {
            connection.abort(ex.getMessage());
            throw ex;
        }
        if (pipeline.match(slot, id, oldest, next) < 0)
        {
            final String why = pipeline.server(slot).label() + " answered WRITE_BLOCK " + id + ", which is not in flight";
            connection.abort(why);
            throw new ProtocolException(why);
        }
    }
}
