package io.pocket.dataplane.io;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine for machines without io_uring: positional {@link FileChannel} reads and writes with
 * {@code ExtendedOpenOption.DIRECT}, through {@code DirectByteBuffer} views of the native addresses (no heap copy).
 * <p>
 * A blocking call has a depth of one, so to keep {@code queueDepth} requests at the device the engine runs them on a
 * small pool of worker threads (as many as the queue depth, at most {@value #MAX_WORKERS}); finished requests come
 * back through a lock-free queue that {@link #poll} drains on the owner thread. Request slots are preallocated.
 */
final class PosixEngine implements IoEngine
{
    /** Most worker threads per engine. */
    static final int MAX_WORKERS = 32;
    private static final long CLOSE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final DeviceFile file;
    private final FileChannel channel;
    private final long size;
    private final long alignMask;
    private final int queueDepth;
    private final PosixRequest[] free;
    private final PosixRequest[] prepared;
    private final ArrayBlockingQueue<PosixRequest> work;
    private final ManyToOneConcurrentArrayQueue<PosixRequest> done;
    private final Thread[] workers;
    private final PosixRequest stop = new PosixRequest();
    private volatile Thread waiter;
    private int freeCount;
    private int preparedCount;
    private int inFlight;
    private boolean closed;

    PosixEngine(final DeviceFile file, final int queueDepth)
    {
        this.file = file;
        this.channel = file.channel();
        this.size = file.size();
        this.alignMask = file.alignment() - 1;
        this.queueDepth = queueDepth;
        free = new PosixRequest[queueDepth];
        for (int i = 0; i < queueDepth; i++)
        {
            free[i] = new PosixRequest();
        }
        freeCount = queueDepth;
        prepared = new PosixRequest[queueDepth];
        work = new ArrayBlockingQueue<>(queueDepth);
        done = new ManyToOneConcurrentArrayQueue<>(queueDepth);
        workers = new Thread[Math.min(queueDepth, MAX_WORKERS)];
        final String name = "pocket-posix-io-" + file.path().getFileName() + "-";
        for (int i = 0; i < workers.length; i++)
        {
            final Thread worker = new Thread(this::runWorker, name + i);
            worker.setDaemon(true);
            workers[i] = worker;
            worker.start();
        }
    }

    @Override
    public String name()
    {
        return "posix";
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

    @Override
    public int prepareRead(final long fileOffset, final long address, final int length, final long userData)
    {
        return prepare(false, fileOffset, address, length, userData);
    }

    @Override
    public int prepareWrite(final long fileOffset, final long address, final int length, final long userData)
    {
        return prepare(true, fileOffset, address, length, userData);
    }

    @Override
    public int submit()
    {
        if (closed)
        {
            return IoStatus.CLOSED;
        }
        final int count = preparedCount;
        for (int i = 0; i < count; i++)
        {
            work.offer(prepared[i]);
            prepared[i] = null;
        }
        preparedCount = 0;
        return count;
    }

    @Override
    public int poll(final CompletionHandler handler, final int limit)
    {
        int reaped = 0;
        while (reaped < limit)
        {
            final PosixRequest request = done.poll();
            if (request == null)
            {
                break;
            }
            final long userData = request.userData;
            final int result = request.result;
            free[freeCount++] = request;
            inFlight--;
            reaped++;
            handler.onComplete(userData, result);
        }
        return reaped;
    }

    @Override
    public int await(final CompletionHandler handler, final int limit, final long timeoutNanos)
    {
        final int reaped = poll(handler, limit);
        if (reaped > 0 || closed)
        {
            return reaped;
        }
        if (preparedCount > 0)
        {
            submit();
        }
        waiter = Thread.currentThread();
        if (done.isEmpty())
        {
            LockSupport.parkNanos(this, timeoutNanos);
        }
        waiter = null;
        return poll(handler, limit);
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = 0; i < preparedCount; i++)
        {
            free[freeCount++] = prepared[i];
            prepared[i] = null;
            inFlight--;
        }
        preparedCount = 0;
        while (inFlight > 0)
        {
            final PosixRequest request = done.poll();
            if (request != null)
            {
                free[freeCount++] = request;
                inFlight--;
                continue;
            }
            waiter = Thread.currentThread();
            if (done.isEmpty())
            {
                LockSupport.parkNanos(this, CLOSE_PARK_NANOS);
            }
            waiter = null;
        }
        for (int i = 0; i < workers.length; i++)
        {
            work.offer(stop);
        }
        for (final Thread worker : workers)
        {
            try
            {
                worker.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    public String toString()
    {
        return "posix engine on " + file;
    }

    private int prepare(
        final boolean write, final long fileOffset, final long address, final int length, final long userData)
    {
        final int status = IoStatus.checkRequest(closed, alignMask, size, inFlight, queueDepth, fileOffset, address, length);
        if (IoStatus.OK != status)
        {
            return status;
        }
        final PosixRequest request = free[--freeCount];
        free[freeCount] = null;
        request.set(write, fileOffset, address, length, userData);
        prepared[preparedCount++] = request;
        inFlight++;
        return IoStatus.OK;
    }

    private void runWorker()
    {
        final PosixRequest.Executor executor = new PosixRequest.Executor(channel);
        while (true)
        {
            final PosixRequest request;
            try
            {
                request = work.take();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (request == stop)
            {
                return;
            }
            request.result = executor.execute(request);
            done.offer(request);
            final Thread owner = waiter;
            if (owner != null)
            {
                LockSupport.unpark(owner);
            }
        }
    }
}
