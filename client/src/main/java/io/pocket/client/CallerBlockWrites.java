package io.pocket.client;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The block writes of one object of known size, done by the calling thread itself (docs/client.md
 * "How a put works"): one borrowed blocking connection per storage server, at most {@code window}
 * WRITE_BLOCK requests in flight over all of them. Requests are queued with their payloads and
 * sent in batches of {@code window / 2}, one gathering write per connection straight from the
 * caller's memory (no copy in user space, no event loop thread woken); a payload is no longer
 * referenced once the write that sent it returns. Answers on one connection may come in any order
 * (a device tier completes out of order). {@link #close()} gives the connections back: the pool
 * closes any with answers still due.
 */
final class CallerBlockWrites implements AutoCloseable
{
    private final JobSession session;
    private final int window;
    private final int batch;
    private final long[] ids;
    private final int[] slots;
    private final boolean[] answered;
    private StorageServer[] servers = new StorageServer[2];
    private BlockingConnection[] connections = new BlockingConnection[2];
    private int serverCount;
    private long oldest;
    private long next;
    private int unsent;

    CallerBlockWrites(final JobSession session, final int window)
    {
        this.session = session;
        this.window = Math.max(1, window);
        this.batch = Math.max(1, this.window / 2);
        this.ids = new long[this.window];
        this.slots = new int[this.window];
        this.answered = new boolean[this.window];
    }

    /**
     * Queues a write of {@code data}'s remaining bytes to block {@code ref} of {@code server},
     * sending the batch once it is full and first waiting for the oldest answers while
     * {@code window} writes are in flight.
     */
    void write(final BlockRef ref, final StorageServer server, final ByteBuffer data)
    {
        while (next - oldest >= window)
        {
            retireOldest();
        }
        final int slot = slotFor(server);
        final BlockingConnection connection = connections[slot];
        BlockIoFlyweight.write(connection.queue(Opcodes.WRITE_BLOCK), ref, 0, data.remaining());
        final int at = (int)(next % window);
        ids[at] = connection.endQueued(data);
        slots[at] = slot;
        answered[at] = false;
        next++;
        if (++unsent >= batch)
        {
            flush();
        }
    }

    /** Sends every queued write; none refers to the caller's memory afterwards. */
    void flush()
    {
        unsent = 0;
        for (int i = 0; i < serverCount; i++)
        {
            connections[i].flush();
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
        for (int i = 0; i < serverCount; i++)
        {
            session.giveBack(connections[i]);
            connections[i] = null;
        }
        serverCount = 0;
    }

    private void retireOldest()
    {
        flush();
        final int at = (int)(oldest % window);
        final int slot = slots[at];
        while (!answered[at])
        {
            receiveOne(slot);
        }
        oldest++;
    }

    private void receiveOne(final int slot)
    {
        final BlockingConnection connection = connections[slot];
        final MessageReader answer = connection.receiveHead(Opcodes.WRITE_BLOCK, 0);
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
        for (long seq = oldest; seq < next; seq++)
        {
            final int at = (int)(seq % window);
            if (slots[at] == slot && ids[at] == id && !answered[at])
            {
                answered[at] = true;
                return;
            }
        }
        final String why = servers[slot].label() + " answered WRITE_BLOCK " + id + ", which is not in flight";
        connection.abort(why);
        throw new ProtocolException(why);
    }

    private int slotFor(final StorageServer server)
    {
        for (int i = 0; i < serverCount; i++)
        {
            if (servers[i].serverId() == server.serverId())
            {
                return i;
            }
        }
        if (serverCount == servers.length)
        {
            servers = Arrays.copyOf(servers, serverCount * 2);
            connections = Arrays.copyOf(connections, serverCount * 2);
        }
        connections[serverCount] = session.borrowStorage(server);
        servers[serverCount] = server;
        return serverCount++;
    }
}
