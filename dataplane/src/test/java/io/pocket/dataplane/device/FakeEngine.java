package io.pocket.dataplane.device;

import io.pocket.dataplane.io.IoEngine;
import io.pocket.dataplane.io.IoStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** An {@link IoEngine} whose completions the test decides: it records requests and completes them on demand. */
final class FakeEngine implements IoEngine
{
    /** A request as prepared. */
    record Request(boolean write, long fileOffset, long address, int length, long userData)
    {
    }

    private final int queueDepth;
    private final long size;
    private final List<Request> prepared = new ArrayList<>();
    private final List<Request> submitted = new ArrayList<>();
    private final ArrayDeque<long[]> ready = new ArrayDeque<>();
    private int inFlight;
    private boolean closed;

    FakeEngine(final int queueDepth, final long size)
    {
        this.queueDepth = queueDepth;
        this.size = size;
    }

    List<Request> submitted()
    {
        return submitted;
    }

    /** Complete the oldest submitted request with {@code result}. */
    Request completeOldest(final int result)
    {
        final Request request = submitted.remove(0);
        ready.add(new long[] {request.userData(), result});
        return request;
    }

    public String name()
    {
        return "fake";
    }

    public int queueDepth()
    {
        return queueDepth;
    }

    public int inFlight()
    {
        return inFlight;
    }

    public int prepareRead(final long fileOffset, final long address, final int length, final long userData)
    {
        return prepare(false, fileOffset, address, length, userData);
    }

    public int prepareWrite(final long fileOffset, final long address, final int length, final long userData)
    {
        return prepare(true, fileOffset, address, length, userData);
    }

    public int submit()
    {
        final int count = prepared.size();
        submitted.addAll(prepared);
        prepared.clear();
        return count;
    }

    public int poll(final CompletionHandler handler, final int limit)
    {
        int reaped = 0;
        while (reaped < limit && !ready.isEmpty())
        {
            final long[] completion = ready.poll();
            inFlight--;
            reaped++;
            handler.onComplete(completion[0], (int)completion[1]);
        }
        return reaped;
    }

    public int await(final CompletionHandler handler, final int limit, final long timeoutNanos)
    {
        return poll(handler, limit);
    }

    public void close()
    {
        closed = true;
    }

    private int prepare(
        final boolean write, final long fileOffset, final long address, final int length, final long userData)
    {
        if (closed)
        {
            return IoStatus.CLOSED;
        }
        if (inFlight == queueDepth)
        {
            return IoStatus.QUEUE_FULL;
        }
        if ((fileOffset | address | length) % 4096 != 0 || length <= 0)
        {
            return IoStatus.MISALIGNED;
        }
        if (fileOffset + length > size)
        {
            return IoStatus.OUT_OF_RANGE;
        }
        inFlight++;
        prepared.add(new Request(write, fileOffset, address, length, userData));
        return IoStatus.OK;
    }
}
