package io.pocket.dataplane;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One connection of {@link PlacementStressTest} through the client's own pipelined path, as a put or a get drives
 * it ({@code CallerBlockWrites}, {@code CallerBlockReads}): a {@link BlockingConnection} queues WRITE_BLOCKs quietly,
 * with their data sent from the caller's buffers by gathering writes, and READ_BLOCKs, flushes them in one or more
 * batches (each flush sends its last request plainly), then reads the answers, the data of a read straight into a
 * buffer of its own. Every answer and every byte read back is checked.
 */
final class PipelinedStressConnection implements PlacementStressTest.StressConnection
{
    private static final int TIMEOUT_MS = 10_000;

    private final String name;
    private final BlockingConnection connection;
    private final StressBlocks blocks;
    private final SplittableRandom random;
    private final ArrayDeque<Due> due = new ArrayDeque<>();

    private record Due(long id, StressBlocks.Op op)
    {
    }

    PipelinedStressConnection(final String name, final int port, final int maxFrameLength, final StressBlocks blocks)
    {
        this.name = name;
        this.blocks = blocks;
        this.random = blocks.random();
        connection = BlockingConnection.open("127.0.0.1:" + port, maxFrameLength, TIMEOUT_MS, TIMEOUT_MS).label(name);
    }

    @Override
    public void round()
    {
        blocks.newRound();
        final int flushes = 1 + random.nextInt(3);
        for (int f = 0; f < flushes; f++)
        {
            final int requests = 1 + random.nextInt(12);
            for (int i = 0; i < requests; i++)
            {
                final StressBlocks.Op op = blocks.next();
                final BlockRef ref = new BlockRef(0, 0, op.blockId(), 1, 0);
                BlockIoFlyweight.write(connection.queue(op.write() ? Opcodes.WRITE_BLOCK : Opcodes.READ_BLOCK), ref,
                    op.offset(), op.length());
                final long id = op.write() ? connection.endQueued(ByteBuffer.wrap(op.bytes()), true) :
                    connection.endQueued();
                if (!op.write() || i == requests - 1)
                {
                    due.add(new Due(id, op));
                }
            }
            connection.flush();
        }
        if (connection.pending() != due.size())
        {
            throw new AssertionError(name + ": " + connection.pending() + " answers due, " + due.size() + " expected");
        }
        while (!due.isEmpty())
        {
            check(due.poll());
        }
    }

    @Override
    public void close()
    {
        connection.close();
    }

    @Override
    public void abort()
    {
        connection.abort("the test is over");
    }

    private void check(final Due expected)
    {
        final StressBlocks.Op op = expected.op();
        final String request = name + " request " + expected.id() + " (" + (op.write() ? "WRITE" : "READ") +
            "_BLOCK of " + op.length() + " bytes at " + op.offset() + " of block " + op.blockId() + ")";
        final MessageReader head;
        try
        {
            head = connection.receiveHead(op.write() ? Opcodes.WRITE_BLOCK : Opcodes.READ_BLOCK,
                op.write() ? 0 : BlockIoFlyweight.READ_RESPONSE_HEADER);
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError(request + " failed: " + ex, ex);
        }
        final long id = head.header().correlationId();
        if (id != expected.id())
        {
            throw new AssertionError(request + " answered by " + id);
        }
        if (op.write())
        {
            connection.receiveRest().end();
            return;
        }
        final int length = head.getInt();
        if (length != op.length() || connection.answerUnread() != length)
        {
            throw new AssertionError(request + " answered " + length + " bytes, " + connection.answerUnread() +
                " sent");
        }
        final ByteBuffer data = ByteBuffer.allocate(length);
        connection.receivePayload(data);
        final int mismatch = Arrays.mismatch(op.bytes(), data.array());
        if (mismatch >= 0)
        {
            throw new AssertionError(request + " read back a wrong byte at " + mismatch);
        }
    }
}
