package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.pocket.protocol.FrameHeader;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The pipelined requests a {@link BlockingConnection} has queued and not flushed yet: where each frame ends in the
 * connection's send buffer, the payload that follows it on the wire (sent from the caller's memory), and whether it
 * goes out quietly. {@link #gather} lays them out for one gathering write. The arrays grow as needed and are kept, so
 * a connection pipelining the same window again allocates nothing. Used by one thread at a time.
 */
final class QueuedRequests
{
    private int count;
    private int payloadCount;
    private int quietCount;
    private int[] frameEnds = new int[8];
    private boolean[] quiet = new boolean[8];
    private ByteBuffer[] payloads = new ByteBuffer[8];
    private ByteBuffer[] gathered = new ByteBuffer[16];

    /** Requests queued since the last flush. */
    int count()
    {
        return count;
    }

    /** Of those, the ones that go out quietly (no answer unless they fail). */
    int quietCount()
    {
        return quietCount;
    }

    /** Records a request whose frame ends at {@code frameEnd} of the send buffer, followed by {@code payload}. */
    void add(final int frameEnd, final boolean isQuiet, final ByteBuffer payload)
    {
        if (count == frameEnds.length)
        {
            frameEnds = Arrays.copyOf(frameEnds, count * 2);
            quiet = Arrays.copyOf(quiet, count * 2);
            payloads = Arrays.copyOf(payloads, count * 2);
        }
        frameEnds[count] = frameEnd;
        quiet[count] = isQuiet;
        if (isQuiet)
        {
            quietCount++;
        }
        payloads[count] = payload;
        if (payload != null)
        {
            payloadCount++;
        }
        count++;
    }

    /**
     * The last request of a flush always goes out plainly, so that the flush gets an answer: clears its
     * {@link FrameHeader#FLAG_QUIET} in {@code sendBuffer}.
     */
    void answerLast(final ByteBuf sendBuffer)
    {
        if (count > 0 && quiet[count - 1])
        {
            final int start = count == 1 ? 0 : frameEnds[count - 2];
            sendBuffer.setShortLE(start + FrameHeader.FLAGS_OFFSET, 0);
            quiet[count - 1] = false;
            quietCount--;
        }
    }

    /** Lays the frames of {@code sendBuffer} and their payloads out for one gathering write; returns how many buffers. */
    int gather(final ByteBuf sendBuffer)
    {
        if (payloadCount == 0)
        {
            gathered[0] = sendBuffer.internalNioBuffer(0, sendBuffer.writerIndex());
            return 1;
        }
        if (gathered.length < 2 * count)
        {
            gathered = new ByteBuffer[2 * count];
        }
        int buffers = 0;
        int start = 0;
        for (int i = 0; i < count; i++)
        {
            gathered[buffers++] = sendBuffer.nioBuffer(start, frameEnds[i] - start);
            if (payloads[i] != null)
            {
                gathered[buffers++] = payloads[i];
            }
            start = frameEnds[i];
        }
        return buffers;
    }

    /** The buffers {@link #gather} laid out. */
    ByteBuffer[] gathered()
    {
        return gathered;
    }

    /** Forgets the queued requests and every reference to the caller's buffers (after a flush, sent or failed). */
    void clear(final int gatheredBuffers)
    {
        Arrays.fill(gathered, 0, gatheredBuffers, null);
        Arrays.fill(payloads, 0, count, null);
        count = 0;
        payloadCount = 0;
        quietCount = 0;
    }
}
