package io.pocket.dataplane.io;

import io.pocket.nativeio.Errno;
import io.pocket.nativeio.IoUring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The SPDK-style engine: one io_uring queue pair per owning thread. Requests are written straight into the mapped
 * submission ring, pushed to the kernel in batches by {@link #submit()} (one {@code io_uring_enter} per batch, none
 * at all with SQ polling while the kernel thread is awake), and completions are reaped from the mapped completion
 * ring without a syscall. Buffers inside the registered region use {@code READ_FIXED}/{@code WRITE_FIXED}, so the
 * kernel skips pinning pages per request; the file is registered too.
 */
final class IoUringEngine implements IoEngine, IoUring.CompletionConsumer
{
    private static final Logger LOG = LoggerFactory.getLogger(IoUringEngine.class);
    private static final int SQ_THREAD_IDLE_MS = 1000;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CLOSE_GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final DeviceFile file;
    private final IoUring ring;
    private final long size;
    private final long alignMask;
    private final int queueDepth;
    private final int fileRef;
    private final int sqeFlags;
    private final long bufferAddress;
    private final long bufferLength;
    private final IoUring.CompletionConsumer discard = (userData, result) -> this.inFlight--;
    private CompletionHandler handler;
    private int inFlight;
    private boolean closed;

    IoUringEngine(
        final DeviceFile file,
        final int queueDepth,
        final boolean sqPoll,
        final long bufferAddress,
        final long bufferLength)
    {
        if (file.nativeFd() < 0)
        {
            throw new IllegalStateException(file.path() + ": no native descriptor for io_uring");
        }
        this.file = file;
        this.size = file.size();
        this.alignMask = file.alignment() - 1;
        this.queueDepth = queueDepth;
        ring = IoUring.create(queueDepth, sqPoll, SQ_THREAD_IDLE_MS);
        try
        {
            final int fileRc = ring.registerFile(file.nativeFd());
            if (fileRc < 0)
            {
                LOG.debug("io_uring: registering {} failed ({}), using its descriptor", file.path(),
                    Errno.name(fileRc));
            }
            fileRef = fileRc < 0 ? file.nativeFd() : 0;
            sqeFlags = fileRc < 0 ? 0 : IoUring.SQE_FIXED_FILE;
            int buffersRc = 0;
            if (bufferLength > 0)
            {
                buffersRc = ring.registerBuffers(bufferAddress, bufferLength);
                if (buffersRc < 0)
                {
                    LOG.warn("io_uring: registering {} bytes as fixed buffers failed ({}), using plain reads and " +
                        "writes (raise ulimit -l or run with CAP_IPC_LOCK)", bufferLength, Errno.name(buffersRc));
                }
            }
            this.bufferAddress = buffersRc > 0 ? bufferAddress : 0;
            this.bufferLength = buffersRc > 0 ? bufferLength : 0;
        }
        catch (final RuntimeException ex)
        {
            ring.close();
            throw ex;
        }
    }

    @Override
    public String name()
    {
        return "io_uring";
    }

    @Override
    public int queueDepth()
    {
        return queueDepth;
    }

    @Override
    public int inFlight()
    {
        return inFlight;
    }

    /**
     * @return whether a buffer region is registered as fixed buffers.
     */
    boolean hasFixedBuffers()
    {
        return bufferLength > 0;
    }

    @Override
    public int prepareRead(final long fileOffset, final long address, final int length, final long userData)
    {
        return prepare(IoUring.OP_READ, IoUring.OP_READ_FIXED, fileOffset, address, length, userData);
    }

    @Override
    public int prepareWrite(final long fileOffset, final long address, final int length, final long userData)
    {
        return prepare(IoUring.OP_WRITE, IoUring.OP_WRITE_FIXED, fileOffset, address, length, userData);
    }

    @Override
    public int submit()
    {
        if (closed)
        {
            return IoStatus.CLOSED;
        }
        final int rc = ring.submit();
        if (rc == -Errno.EAGAIN || rc == -Errno.EBUSY || rc == -Errno.EINTR)
        {
            return 0;
        }
        return rc;
    }

    @Override
    public int poll(final CompletionHandler handler, final int limit)
    {
        this.handler = handler;
        return ring.reap(this, limit);
    }

    @Override
    public int await(final CompletionHandler handler, final int limit, final long timeoutNanos)
    {
        final int reaped = poll(handler, limit);
        if (reaped > 0 || closed)
        {
            return reaped;
        }
        if (inFlight == 0)
        {
            LockSupport.parkNanos(this, timeoutNanos);
            return 0;
        }
        ring.submitAndAwait(timeoutNanos);
        return poll(handler, limit);
    }

    @Override
    public void onCompletion(final long userData, final int result)
    {
        inFlight--;
        handler.onComplete(userData, result);
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        inFlight -= ring.unsubmitted();
        ring.discardUnsubmitted();
        final long deadline = System.nanoTime() + CLOSE_GIVE_UP_NANOS;
        while (inFlight > 0)
        {
            if (ring.reap(discard, Integer.MAX_VALUE) == 0)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    LOG.error("io_uring on {}: {} requests still in flight after 30 s, closing the ring anyway",
                        file.path(), inFlight);
                    break;
                }
                ring.await(CLOSE_WAIT_NANOS);
            }
        }
        ring.close();
    }

    @Override
    public String toString()
    {
        return "io_uring engine on " + file + (ring.sqPoll() ? " (SQ polling)" : "");
    }

    private int prepare(
        final int opcode,
        final int fixedOpcode,
        final long fileOffset,
        final long address,
        final int length,
        final long userData)
    {
        final int status = IoStatus.checkRequest(closed, alignMask, size, inFlight, queueDepth, fileOffset, address, length);
        if (IoStatus.OK != status)
        {
            return status;
        }
        int op = opcode;
        int bufIndex = 0;
        final long relative = address - bufferAddress;
        if (bufferLength > 0 && address >= bufferAddress && relative <= bufferLength - length)
        {
            final long first = relative / IoUring.FIXED_BUFFER_CHUNK;
            if (first == (relative + length - 1) / IoUring.FIXED_BUFFER_CHUNK)
            {
                op = fixedOpcode;
                bufIndex = (int)first;
            }
        }
        if (!ring.prepare(op, fileRef, sqeFlags, fileOffset, address, length, bufIndex, userData))
        {
            return IoStatus.QUEUE_FULL;
        }
        inFlight++;
        return IoStatus.OK;
    }
}
