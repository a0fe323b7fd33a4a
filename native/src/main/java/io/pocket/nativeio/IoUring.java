package io.pocket.nativeio;

import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

/**
 * One io_uring instance (a submission and a completion queue) used by one thread.
 * <p>
 * Submission queue entries are written and completions reaped in Java, directly in the rings the kernel shares with
 * this process (Agrona {@link UnsafeBuffer}s over the mapped memory, with ordered stores to publish the SQ tail and
 * volatile loads of the CQ tail), so preparing a request or polling for completions costs no JNI call and no
 * syscall. JNI is used only to set the ring up, to register buffers and files, and for {@code io_uring_enter}
 * (hand prepared entries to the kernel, or sleep until a completion arrives).
 * <p>
 * Not thread-safe; every method returns a status ({@code >= 0}) or {@code -errno} except {@link #create}.
 */
public final class IoUring implements AutoCloseable
{
    /** {@code IORING_OP_READ_FIXED}. */
    public static final int OP_READ_FIXED = 4;
    /** {@code IORING_OP_WRITE_FIXED}. */
    public static final int OP_WRITE_FIXED = 5;
    /** {@code IORING_OP_READ}. */
    public static final int OP_READ = 22;
    /** {@code IORING_OP_WRITE}. */
    public static final int OP_WRITE = 23;
    /** {@code IOSQE_FIXED_FILE}: the fd is an index into the registered files. */
    public static final int SQE_FIXED_FILE = 1;
    /** Largest byte range one registered buffer covers; the region is registered in chunks of this size. */
    public static final long FIXED_BUFFER_CHUNK = 1L << 30;

    private static final int SETUP_SQPOLL = 1 << 1;
    private static final int ENTER_GETEVENTS = 1;
    private static final int ENTER_SQ_WAKEUP = 1 << 1;
    private static final int SQ_NEED_WAKEUP = 1;
    private static final int SQE_SIZE = 64;
    private static final int CQE_SIZE = 16;

    private final int ringFd;
    private final long[] layout;
    private final boolean sqPoll;
    private final UnsafeBuffer sqRing;
    private final UnsafeBuffer cqRing;
    private final UnsafeBuffer sqes;
    private final int sqEntries;
    private final int sqMask;
    private final int cqMask;
    private final int sqHeadOffset;
    private final int sqTailOffset;
    private final int sqFlagsOffset;
    private final int cqHeadOffset;
    private final int cqTailOffset;
    private final int cqesOffset;
    private int sqTail;
    private int sqPublished;
    private int cqHead;
    private boolean closed;

    private IoUring(final int ringFd, final long[] layout, final boolean sqPoll)
    {
        this.ringFd = ringFd;
        this.layout = layout;
        this.sqPoll = sqPoll;
        sqRing = new UnsafeBuffer(layout[RingLayout.SQ_RING], (int)layout[RingLayout.SQ_RING_SIZE]);
        final long cqSize = layout[RingLayout.CQ_RING_SIZE] > 0 ?
            layout[RingLayout.CQ_RING_SIZE] : layout[RingLayout.SQ_RING_SIZE];
        cqRing = new UnsafeBuffer(layout[RingLayout.CQ_RING], (int)cqSize);
        sqes = new UnsafeBuffer(layout[RingLayout.SQES], (int)layout[RingLayout.SQES_SIZE]);
        sqEntries = (int)layout[RingLayout.SQ_ENTRIES];
        sqMask = sqRing.getInt((int)layout[RingLayout.SQ_MASK]);
        cqMask = cqRing.getInt((int)layout[RingLayout.CQ_MASK]);
        sqHeadOffset = (int)layout[RingLayout.SQ_HEAD];
        sqTailOffset = (int)layout[RingLayout.SQ_TAIL];
        sqFlagsOffset = (int)layout[RingLayout.SQ_FLAGS];
        cqHeadOffset = (int)layout[RingLayout.CQ_HEAD];
        cqTailOffset = (int)layout[RingLayout.CQ_TAIL];
        cqesOffset = (int)layout[RingLayout.CQES];
        sqTail = sqRing.getIntVolatile(sqTailOffset);
        sqPublished = sqTail;
        cqHead = cqRing.getIntVolatile(cqHeadOffset);
        final int arrayOffset = (int)layout[RingLayout.SQ_ARRAY];
        for (int i = 0; i < sqEntries; i++)
        {
            sqRing.putInt(arrayOffset + i * Integer.BYTES, i);
        }
    }

    /**
     * Set a ring up.
     *
     * @param entries        submission queue entries (the kernel rounds up to a power of two).
     * @param sqPoll         let a kernel thread poll the submission queue ({@code IORING_SETUP_SQPOLL}).
     * @param sqThreadIdleMs with {@code sqPoll}, how long the kernel thread spins before it sleeps.
     * @return the ring.
     * @throws NativeIoException if the library is unavailable or {@code io_uring_setup} failed.
     */
    public static IoUring create(final int entries, final boolean sqPoll, final int sqThreadIdleMs)
    {
        if (!NativeIo.isAvailable())
        {
            throw new NativeIoException("io_uring is unavailable: " + NativeIo.unavailabilityCause(), 0);
        }
        final long[] layout = new long[NativeIo.layoutLength()];
        final int fd = NativeIo.ringSetup(entries, sqPoll ? SETUP_SQPOLL : 0, sqThreadIdleMs, layout);
        if (fd < 0)
        {
            throw new NativeIoException("io_uring_setup(" + entries + (sqPoll ? ", SQPOLL" : "") + ") failed: " +
                Errno.name(fd), fd);
        }
        return new IoUring(fd, layout, sqPoll);
    }

    /**
     * @return the ring's file descriptor.
     */
    public int ringFd()
    {
        return ringFd;
    }

    /**
     * @return submission queue entries.
     */
    public int sqEntries()
    {
        return sqEntries;
    }

    /**
     * @return whether a kernel thread polls the submission queue.
     */
    public boolean sqPoll()
    {
        return sqPoll;
    }

    /**
     * Register a memory region as fixed buffers, in chunks of {@link #FIXED_BUFFER_CHUNK}: buffer index {@code i}
     * covers {@code [address + i * FIXED_BUFFER_CHUNK, ...)}.
     *
     * @param address start of the region.
     * @param length  bytes.
     * @return number of buffers registered, or {@code -errno}.
     */
    public int registerBuffers(final long address, final long length)
    {
        return NativeIo.registerBuffers(ringFd, address, length);
    }

    /**
     * Register one file as fixed file 0.
     *
     * @param fd the file's descriptor.
     * @return 0 or {@code -errno}.
     */
    public int registerFile(final int fd)
    {
        return NativeIo.registerFile(ringFd, fd);
    }

    /**
     * Free submission queue entries.
     *
     * @return entries that {@link #prepare} can still fill.
     */
    public int sqSpace()
    {
        return sqEntries - (sqTail - sqRing.getIntVolatile(sqHeadOffset));
    }

    /**
     * Write one submission queue entry; it reaches the kernel with the next {@link #submit()}.
     *
     * @param opcode    e.g. {@link #OP_READ_FIXED}.
     * @param fd        file descriptor, or registered file index with {@link #SQE_FIXED_FILE}.
     * @param sqeFlags  e.g. {@link #SQE_FIXED_FILE}.
     * @param offset    file offset.
     * @param address   buffer address.
     * @param length    bytes.
     * @param bufIndex  registered buffer index for the fixed opcodes.
     * @param userData  returned in the completion.
     * @return true, or false if the submission queue is full.
     */
    public boolean prepare(
        final int opcode,
        final int fd,
        final int sqeFlags,
        final long offset,
        final long address,
        final int length,
        final int bufIndex,
        final long userData)
    {
        if (sqTail - sqRing.getIntVolatile(sqHeadOffset) >= sqEntries)
        {
            return false;
        }
        final int index = (sqTail & sqMask) * SQE_SIZE;
        sqes.setMemory(index, SQE_SIZE, (byte)0);
        sqes.putByte(index, (byte)opcode);
        sqes.putByte(index + 1, (byte)sqeFlags);
        sqes.putInt(index + 4, fd);
        sqes.putLong(index + 8, offset);
        sqes.putLong(index + 16, address);
        sqes.putInt(index + 24, length);
        sqes.putLong(index + 32, userData);
        sqes.putShort(index + 40, (short)bufIndex);
        sqTail++;
        return true;
    }

    /**
     * Entries prepared but not yet handed to the kernel.
     *
     * @return count.
     */
    public int unsubmitted()
    {
        return sqTail - sqPublished;
    }

    /** Forget entries prepared since the last {@link #submit()}. */
    public void discardUnsubmitted()
    {
        sqTail = sqPublished;
    }

    /**
     * Publish the prepared entries and, unless a kernel thread polls the queue and is awake, tell the kernel with
     * {@code io_uring_enter}.
     *
     * @return entries submitted, or {@code -errno} (e.g. {@code -EAGAIN}: retry later, the entries stay queued).
     */
    public int submit()
    {
        final int prepared = sqTail - sqPublished;
        if (prepared > 0)
        {
            sqRing.putIntOrdered(sqTailOffset, sqTail);
            sqPublished = sqTail;
        }
        if (sqPoll)
        {
            if (prepared > 0)
            {
                VarHandle.fullFence();
                if ((sqRing.getIntVolatile(sqFlagsOffset) & SQ_NEED_WAKEUP) != 0)
                {
                    final int rc = NativeIo.ringEnter(ringFd, 0, 0, ENTER_SQ_WAKEUP);
                    if (rc < 0)
                    {
                        return rc;
                    }
                }
            }
            return prepared;
        }
        final int pending = sqTail - sqRing.getIntVolatile(sqHeadOffset);
        if (pending == 0)
        {
            return 0;
        }
        return NativeIo.ringEnter(ringFd, pending, 0, 0);
    }

    /**
     * Reap up to {@code limit} completions from the mapped completion ring, without a syscall.
     *
     * @param consumer told of each completion.
     * @param limit    most completions to reap.
     * @return completions reaped.
     */
    public int reap(final CompletionConsumer consumer, final int limit)
    {
        final int tail = cqRing.getIntVolatile(cqTailOffset);
        int head = cqHead;
        int reaped = 0;
        while (head != tail && reaped < limit)
        {
            final int index = cqesOffset + (head & cqMask) * CQE_SIZE;
            final long userData = cqRing.getLong(index);
            final int result = cqRing.getInt(index + 8);
            head++;
            reaped++;
            consumer.onCompletion(userData, result);
        }
        if (reaped > 0)
        {
            cqHead = head;
            cqRing.putIntOrdered(cqHeadOffset, head);
        }
        return reaped;
    }

    /**
     * Completions waiting in the completion ring.
     *
     * @return count, read without a syscall.
     */
    public int ready()
    {
        return cqRing.getIntVolatile(cqTailOffset) - cqHead;
    }

    /**
     * Sleep in the kernel until at least one completion is ready or the timeout passes.
     *
     * @param timeoutNanos longest wait.
     * @return {@code >= 0} or {@code -errno}; {@code -ETIME} means the timeout passed.
     */
    public int await(final long timeoutNanos)
    {
        if (ready() > 0)
        {
            return 0;
        }
        return NativeIo.ringEnterTimeout(ringFd, 0, 1, ENTER_GETEVENTS, Math.max(1, timeoutNanos));
    }

    /**
     * Hand the prepared entries to the kernel and sleep until at least one completion is ready or the timeout
     * passes, in one {@code io_uring_enter} (two with SQ polling when the kernel thread must be woken).
     *
     * @param timeoutNanos longest wait.
     * @return entries submitted or {@code >= 0}, or {@code -errno}; {@code -ETIME} means the timeout passed.
     */
    public int submitAndAwait(final long timeoutNanos)
    {
        if (sqPoll || ready() > 0)
        {
            final int submitted = submit();
            if (submitted < 0 || ready() > 0)
            {
                return submitted;
            }
            return NativeIo.ringEnterTimeout(ringFd, 0, 1, ENTER_GETEVENTS, Math.max(1, timeoutNanos));
        }
        if (sqTail != sqPublished)
        {
            sqRing.putIntOrdered(sqTailOffset, sqTail);
            sqPublished = sqTail;
        }
        final int pending = sqTail - sqRing.getIntVolatile(sqHeadOffset);
        return NativeIo.ringEnterTimeout(ringFd, pending, 1, ENTER_GETEVENTS, Math.max(1, timeoutNanos));
    }

    /** Unmap the rings and close the ring; the kernel cancels or finishes requests still in flight. Idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            NativeIo.ringDestroy(ringFd, layout[RingLayout.SQ_RING], layout[RingLayout.SQ_RING_SIZE],
                layout[RingLayout.CQ_RING], layout[RingLayout.CQ_RING_SIZE],
                layout[RingLayout.SQES], layout[RingLayout.SQES_SIZE]);
        }
    }

    /** Receives completions from {@link #reap}. */
    @FunctionalInterface
    public interface CompletionConsumer
    {
        /**
         * One request completed.
         *
         * @param userData as prepared.
         * @param result   bytes transferred or {@code -errno}.
         */
        void onCompletion(long userData, int result);
    }
}
