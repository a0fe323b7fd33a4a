package io.pocket.dataplane.device;

import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.pocket.client.PocketException;
import io.pocket.dataplane.io.IoEngine;
import io.pocket.dataplane.io.IoStatus;
import io.pocket.dataplane.tier.BlockStatus;
import io.pocket.dataplane.tier.DeviceTier;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.ServerConnection;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One I/O thread's queue pair on one {@link DeviceTier}: an {@link IoEngine}, its {@link StagingBuffers}, and the
 * poller that reaps completions on the thread's event loop.
 * <p>
 * A request is checked by the caller, gets a staging slot (a write's bytes are copied into it from the received frame
 * and padded with zeros to the device alignment), and is prepared into the engine; requests that find the engine full
 * wait in a backlog. Prepared requests are submitted in one batch when the poller next runs, after the event loop has
 * read what its sockets had; the poller then reaps completions on every turn of the loop while requests are in flight
 * (see {@link PollBackoff}) and answers each: a write with an empty reply, a read by sending the requested bytes
 * straight from the slot. Device errors, short transfers, and requests that waited in the backlog for longer than
 * {@link #DEFAULT_BACKLOG_TIMEOUT_NANOS} are answered with errors; nothing waits forever while the device answers.
 * <p>
 * Owned by one event loop: every method runs on it, except {@link #close()}, which runs once the loop has stopped.
 */
final class DeviceQueue implements Runnable, IoEngine.CompletionHandler, AutoCloseable
{
    /** A request waiting this long for room in a full queue is answered SERVICE_UNAVAILABLE. */
    static final long DEFAULT_BACKLOG_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final Logger LOG = LoggerFactory.getLogger(DeviceQueue.class);
    private static final int POLL_LIMIT = 64;

    private final EventExecutor loop;
    private final DeviceTier tier;
    private final IoEngine engine;
    private final StagingBuffers staging;
    private final PollBackoff backoff;
    private final LongAdder rxBytes;
    private final LongAdder txBytes;
    private final ArrayDeque<StagingSlot> backlog;
    private final ReadLengthBody lengthBody = new ReadLengthBody();
    private final DeviceErrors errors;
    private final int alignmentMask;
    private final long backlogTimeoutNanos;
    private boolean scheduled;
    private boolean submitFailureLogged;
    private boolean closed;

    /** Time of the backlog timeout; tests drive it. */
    private final NanoClock clock;

    DeviceQueue(
        final EventExecutor loop,
        final DeviceTier tier,
        final IoEngine engine,
        final StagingBuffers staging,
        final PollBackoff backoff,
        final LongAdder rxBytes,
        final LongAdder txBytes,
        final long backlogTimeoutNanos,
        final NanoClock clock)
    {
        this.clock = clock;
        this.loop = loop;
        this.tier = tier;
        this.engine = engine;
        this.staging = staging;
        this.backoff = backoff;
        this.rxBytes = rxBytes;
        this.txBytes = txBytes;
        this.backlog = new ArrayDeque<>(staging.capacity());
        this.alignmentMask = tier.alignment() - 1;
        this.backlogTimeoutNanos = backlogTimeoutNanos;
        this.errors = new DeviceErrors(tier);
    }

    /**
     * Write {@code length} bytes of {@code src} at {@code offset} of a block whose generation the caller has set.
     *
     * @param offset a multiple of the device alignment (checked by the caller).
     */
    void write(
        final ServerConnection connection,
        final long correlationId,
        final long blockId,
        final int offset,
        final int length,
        final DirectBuffer src,
        final int srcIndex)
    {
        if (0 == length)
        {
            connection.reply(Opcodes.WRITE_BLOCK, correlationId, Encoder.EMPTY);
            return;
        }
        final StagingSlot slot = acquire(blockId);
        final int ioLength = (length + alignmentMask) & ~alignmentMask;
        slot.view.putBytes(0, src, srcIndex, length);
        if (ioLength > length)
        {
            slot.view.setMemory(length, ioLength - length, (byte)0);
        }
        slot.request(StagingSlot.WRITE, connection, correlationId, blockId, 0, tier.fileOffset(blockId) + offset,
            ioLength, 0, length);
        enqueue(slot);
    }

    /** Read {@code length} bytes at {@code offset} of a block whose generation the caller has checked. */
    void read(
        final ServerConnection connection,
        final long correlationId,
        final long blockId,
        final long generation,
        final int offset,
        final int length)
    {
        if (0 == length)
        {
            connection.replyWithPayload(Opcodes.READ_BLOCK, correlationId, lengthBody.length(0), Unpooled.EMPTY_BUFFER);
            return;
        }
        final StagingSlot slot = acquire(blockId);
        final int start = offset & ~alignmentMask;
        final int end = (offset + length + alignmentMask) & ~alignmentMask;
        slot.request(StagingSlot.READ, connection, correlationId, blockId, generation, tier.fileOffset(blockId) + start,
            end - start, offset - start, length);
        enqueue(slot);
    }

    /** Reap completions, move the backlog into the engine, submit; re-scheduled while requests are outstanding. */
    @Override
    public void run()
    {
        scheduled = false;
        if (closed)
        {
            return;
        }
        int work = drainBacklog();
        submit();
        work += engine.poll(this, POLL_LIMIT);
        if (!backlog.isEmpty())
        {
            work += drainBacklog();
            submit();
            expireBacklog();
        }
        if (engine.inFlight() > 0 || !backlog.isEmpty())
        {
            if (work > 0 || backoff.idle(engine, this, POLL_LIMIT) > 0)
            {
                backoff.reset();
            }
            schedule();
        }
        else
        {
            backoff.reset();
        }
    }

    @Override
    public void onComplete(final long userData, final int result)
    {
        final StagingSlot slot = staging.slot((int)userData);
        if (result != slot.ioLength)
        {
            fail(slot, errors.transfer(slot, result));
            return;
        }
        try
        {
            if (StagingSlot.WRITE == slot.op)
            {
                rxBytes.add(slot.dataLength);
                slot.connection.reply(Opcodes.WRITE_BLOCK, slot.correlationId, Encoder.EMPTY);
                staging.release(slot);
            }
            else if (BlockStatus.OK != tier.confirmRead(slot.blockId, slot.generation))
            {
                fail(slot, errors.staleRead(slot));
            }
            else
            {
                final int length = slot.dataLength;
                slot.connection.replyWithPayload(Opcodes.READ_BLOCK, slot.correlationId, lengthBody.length(length),
                    slot.armForSend());
                txBytes.add(length);
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("{} tier {}: answering a request for block {} failed", tier.kind(), tier.file().path(),
                slot.blockId, ex);
            staging.release(slot);
        }
    }

    /** Stop polling, wait for requests on the device, free the staging memory; once the event loop has stopped. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            engine.close();
        }
        finally
        {
            backlog.clear();
            staging.close();
        }
    }

    private StagingSlot acquire(final long blockId)
    {
        final StagingSlot slot = staging.acquire();
        if (null == slot)
        {
            throw errors.busy(staging.capacity(), blockId);
        }
        return slot;
    }

    private void enqueue(final StagingSlot slot)
    {
        if (backlog.isEmpty())
        {
            final int status = prepare(slot);
            if (IoStatus.OK == status)
            {
                schedule();
                return;
            }
            if (IoStatus.QUEUE_FULL != status)
            {
                staging.release(slot);
                throw errors.refused(slot, status);
            }
        }
        slot.queuedNanos = clock.nanoTime();
        backlog.addLast(slot);
        schedule();
    }

    private int prepare(final StagingSlot slot)
    {
        return StagingSlot.WRITE == slot.op ?
            engine.prepareWrite(slot.fileOffset, slot.address, slot.ioLength, slot.index) :
            engine.prepareRead(slot.fileOffset, slot.address, slot.ioLength, slot.index);
    }

    private int drainBacklog()
    {
        int moved = 0;
        StagingSlot slot;
        while (null != (slot = backlog.peekFirst()))
        {
            final int status = prepare(slot);
            if (IoStatus.QUEUE_FULL == status)
            {
                break;
            }
            backlog.pollFirst();
            moved++;
            if (IoStatus.OK != status)
            {
                fail(slot, errors.refused(slot, status));
            }
        }
        return moved;
    }

    private void expireBacklog()
    {
        final long now = clock.nanoTime();
        StagingSlot slot;
        while (null != (slot = backlog.peekFirst()) && now - slot.queuedNanos > backlogTimeoutNanos)
        {
            backlog.pollFirst();
            fail(slot, errors.queueFull(slot, backlogTimeoutNanos, engine.inFlight()));
        }
    }

    /** Hand prepared requests to the device; cheap when there are none (no system call), so called every round. */
    private void submit()
    {
        final int submitted = engine.submit();
        if (submitted >= 0)
        {
            submitFailureLogged = false;
        }
        else if (!submitFailureLogged)
        {
            submitFailureLogged = true;
            LOG.warn("{} tier {}: submitting requests failed ({}); retrying while {} are in flight", tier.kind(),
                tier.file().path(), IoStatus.describe(submitted), engine.inFlight());
        }
    }

    private void schedule()
    {
        if (!scheduled)
        {
            scheduled = true;
            try
            {
                loop.execute(this);
            }
            catch (final RejectedExecutionException ex)
            {
                scheduled = false;
            }
        }
    }

    private void fail(final StagingSlot slot, final PocketException error)
    {
        try
        {
            slot.connection.replyError(StagingSlot.WRITE == slot.op ? Opcodes.WRITE_BLOCK : Opcodes.READ_BLOCK,
                slot.correlationId, error.code(), error.getMessage());
        }
        finally
        {
            staging.release(slot);
        }
    }
}
