package io.pocket.client;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;

import java.util.Arrays;

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
    private final JobSession session;
    private final int blockCount;
    private final int window;
    private final boolean[] arrived;
    private final int[] slotOfBlock;
    private StorageServer[] servers = new StorageServer[2];
    private BlockingConnection[] connections = new BlockingConnection[2];
    private long[][] pendingIds = new long[2][];
    private int[][] pendingBlocks = new int[2][];
    private int[] pendingCounts = new int[2];
    private int serverCount;

    CallerBlockReads(final ObjectReader object, final JobSession session)
    {
        this.object = object;
        this.session = session;
        this.blockCount = object.blockCount();
        this.window = Math.max(1, Math.min(session.context().readWindow(), blockCount));
        this.arrived = new boolean[window];
        this.slotOfBlock = new int[window];
    }

    /** Reads every block into {@code sinks.sinkFor(block)}; {@code done} (may be null) runs per block, in order. */
    void readAll(final ObjectReader.SinkForBlock sinks, final ObjectReader.BlockDone done)
    {
        int started = 0;
        int next = 0;
        try
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
                final int slot = slotOfBlock[next % window];
                while (!arrived[next % window])
                {
                    receiveOne(slot, sinks);
                }
                while (next < started && arrived[next % window])
                {
                    arrived[next % window] = false;
                    if (done != null)
                    {
                        done.blockDone(next);
                    }
                    next++;
                }
            }
        }
        finally
        {
            for (int i = 0; i < serverCount; i++)
            {
                session.giveBack(connections[i]);
                connections[i] = null;
            }
        }
    }

    private void queue(final int block)
    {
        final BlockRef ref = object.blockRef(block);
        final int slot = slotFor(ref);
        final BlockingConnection connection = connections[slot];
        BlockIoFlyweight.write(connection.queue(Opcodes.READ_BLOCK), ref, 0, object.blockLength(block));
        final long id = connection.endQueued();
        final int count = pendingCounts[slot];
        pendingIds[slot][count] = id;
        pendingBlocks[slot][count] = block;
        pendingCounts[slot] = count + 1;
        slotOfBlock[block % window] = slot;
    }

    private void flushAll()
    {
        for (int i = 0; i < serverCount; i++)
        {
            try
            {
                connections[i].flush();
            }
            catch (final PocketException ex)
            {
                throw object.readFailure(servers[i], ex);
            }
        }
    }

    private void receiveOne(final int slot, final ObjectReader.SinkForBlock sinks)
    {
        final BlockingConnection connection = connections[slot];
        try
        {
            final MessageReader head = connection.receiveHead(Opcodes.READ_BLOCK, 4);
            final int block = takePending(slot, head.header().correlationId());
            final int length = object.blockLength(block);
            final int sent = head.getInt();
            if (block < 0 || sent != length || connection.answerUnread() != length)
            {
                throw new ProtocolException("READ_BLOCK answer " + head.header().correlationId() + " from " +
                    servers[slot].label() + " for block " + block + " of " + object.name() + ": " + sent + " bytes sent, " +
                    connection.answerUnread() + " in the frame, " + (block < 0 ? "no such request" : length + " asked for"));
            }
            connection.receivePayload(sinks.sinkFor(block).target(block, length));
            arrived[block % window] = true;
        }
        catch (final PocketException ex)
        {
            throw object.readFailure(servers[slot], ex);
        }
    }

    /** The block the answer {@code id} of connection {@code slot} is for, no longer pending; -1 if none. */
    private int takePending(final int slot, final long id)
    {
        final long[] ids = pendingIds[slot];
        final int[] blocks = pendingBlocks[slot];
        final int count = pendingCounts[slot];
        for (int i = 0; i < count; i++)
        {
            if (ids[i] == id)
            {
                final int block = blocks[i];
                ids[i] = ids[count - 1];
                blocks[i] = blocks[count - 1];
                pendingCounts[slot] = count - 1;
                return block;
            }
        }
        return -1;
    }

    /** The connection slot of the block's server, borrowing a connection the first time. */
    private int slotFor(final BlockRef ref)
    {
        for (int i = 0; i < serverCount; i++)
        {
            if (servers[i].serverId() == ref.serverId())
            {
                return i;
            }
        }
        final StorageServer server = object.serverOf(ref);
        if (serverCount == servers.length)
        {
            final int grown = serverCount * 2;
            servers = Arrays.copyOf(servers, grown);
            connections = Arrays.copyOf(connections, grown);
            pendingIds = Arrays.copyOf(pendingIds, grown);
            pendingBlocks = Arrays.copyOf(pendingBlocks, grown);
            pendingCounts = Arrays.copyOf(pendingCounts, grown);
        }
        final BlockingConnection connection;
        try
        {
            connection = session.borrowStorage(server);
        }
        catch (final PocketException ex)
        {
            throw object.readFailure(server, ex);
        }
        servers[serverCount] = server;
        connections[serverCount] = connection;
        pendingIds[serverCount] = new long[window];
        pendingBlocks[serverCount] = new int[window];
        pendingCounts[serverCount] = 0;
        return serverCount++;
    }
}
