package io.pocket.client;

import io.pocket.transport.BlockingConnection;

import java.util.Arrays;

/**
 * What the calling thread's block transfers of one object ({@link CallerBlockReads},
 * {@link CallerBlockWrites}) share: one borrowed blocking connection per storage server, and the
 * window of requests in flight over them, numbered in the order they were queued. Answers may come
 * back in any order per connection; {@link #match} finds the request an answer belongs to by its
 * connection and correlation id. A quiet request (answered only if it fails) is done once an answer
 * to a later request on its connection arrives. {@link #close()} gives the connections back, and the
 * pool closes any with answers still due. Used by one thread.
 */
final class StoragePipeline implements AutoCloseable
{
    private final JobSession session;
    private final int window;
    private final long[] ids;
    private final int[] slots;
    private final boolean[] answered;
    private final boolean[] quiet;
    private StorageAddress[] servers = new StorageAddress[2];
    private BlockingConnection[] connections = new BlockingConnection[2];
    private int serverCount;

    /** @param window most requests in flight over all connections, at least 1 */
    StoragePipeline(final JobSession session, final int window)
    {
        this.session = session;
        this.window = Math.max(1, window);
        this.ids = new long[this.window];
        this.slots = new int[this.window];
        this.answered = new boolean[this.window];
        this.quiet = new boolean[this.window];
    }

    int window()
    {
        return window;
    }

    /**
     * The slot of {@code server}'s connection, borrowing one the first time.
     *
     * @throws PocketException if the server cannot be reached
     */
    int slotFor(final StorageAddress server)
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

    /** Connections borrowed so far; their slots are 0 up to this. */
    int connections()
    {
        return serverCount;
    }

    BlockingConnection connection(final int slot)
    {
        return connections[slot];
    }

    StorageAddress server(final int slot)
    {
        return servers[slot];
    }

    /**
     * Records request {@code seq} (at most {@code window} after the oldest one unanswered) as queued
     * on {@code slot} as {@code id}, and whether it was queued quietly.
     */
    void queued(final long seq, final int slot, final long id, final boolean quietly)
    {
        final int at = (int)(seq % window);
        ids[at] = id;
        slots[at] = slot;
        answered[at] = false;
        quiet[at] = quietly;
    }

    /** The slot request {@code seq} went out on. */
    int slotOf(final long seq)
    {
        return slots[(int)(seq % window)];
    }

    boolean isAnswered(final long seq)
    {
        return answered[(int)(seq % window)];
    }

    /**
     * The request among {@code from} (inclusive) to {@code to} (exclusive) that answer {@code id}
     * of connection {@code slot} belongs to, now marked answered, as are the quiet requests sent
     * before it on that connection; -1 if none awaits it.
     */
    long match(final int slot, final long id, final long from, final long to)
    {
        long found = -1;
        for (long seq = from; seq < to; seq++)
        {
            final int at = (int)(seq % window);
            if (slots[at] == slot && !answered[at])
            {
                if (ids[at] == id)
                {
                    answered[at] = true;
                    found = seq;
                }
                else if (quiet[at] && ids[at] < id)
                {
                    answered[at] = true;
                }
            }
        }
        return found;
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
}
