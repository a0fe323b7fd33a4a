package io.pocket.dataplane.io;

import io.pocket.client.InvalidArgumentException;
import io.pocket.nativeio.NativeIo;
import io.pocket.nativeio.NativeIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses and opens {@link IoEngine}s. */
public final class IoEngines
{
    /** Largest queue depth an engine accepts. */
    public static final int MAX_QUEUE_DEPTH = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(IoEngines.class);

    private IoEngines()
    {
    }

    /**
     * Turn a requested engine into the one to use. {@link IoEngineKind#AUTO} picks io_uring when the native library
     * loaded and a probe ring can be created, else posix, and says in one log line which and why.
     *
     * @param requested as configured.
     * @return {@link IoEngineKind#IO_URING} or {@link IoEngineKind#POSIX}.
     * @throws InvalidArgumentException if io_uring was requested but cannot be used here (with the cause).
     */
    public static IoEngineKind resolve(final IoEngineKind requested)
    {
        switch (requested)
        {
            case POSIX:
                return IoEngineKind.POSIX;
            case IO_URING:
                if (!NativeIo.isAvailable())
                {
                    throw new InvalidArgumentException("io engine io_uring is unavailable: " +
                        NativeIo.unavailabilityCause());
                }
                return IoEngineKind.IO_URING;
            case AUTO:
            default:
                final String cause = NativeIo.isAvailable() ? NativeIo.probeRing() : NativeIo.unavailabilityCause();
                if (cause == null)
                {
                    LOG.info("io engine auto: using io_uring (native library loaded from the jar, probe ring created)");
                    return IoEngineKind.IO_URING;
                }
                LOG.info("io engine auto: using posix because {}", cause);
                return IoEngineKind.POSIX;
        }
    }

    /**
     * Open one queue pair on a device file.
     *
     * @param resolved      engine kind ({@link IoEngineKind#AUTO} is resolved first).
     * @param file          the device file.
     * @param queueDepth    most requests in flight, {@code 1 ..} {@value #MAX_QUEUE_DEPTH}.
     * @param sqPoll        io_uring only: a kernel thread polls the submission queue.
     * @param bufferAddress start of the off-heap region to register as fixed buffers (io_uring), or 0.
     * @param bufferLength  its length, or 0 for none.
     * @return the engine; close it before the file.
     * @throws InvalidArgumentException for a bad queue depth or when the engine cannot be set up, with the cause.
     */
    public static IoEngine open(
        final IoEngineKind resolved,
        final DeviceFile file,
        final int queueDepth,
        final boolean sqPoll,
        final long bufferAddress,
        final long bufferLength)
    {
        if (queueDepth < 1 || queueDepth > MAX_QUEUE_DEPTH)
        {
            throw new InvalidArgumentException("io queue depth must be 1.." + MAX_QUEUE_DEPTH + ", got " + queueDepth);
        }
        if (bufferLength < 0 || bufferLength > 0 && bufferAddress == 0)
        {
            throw new InvalidArgumentException("io buffer region must have an address and a length >= 0, got " +
                bufferLength + " bytes at " + bufferAddress);
        }
        final IoEngineKind kind = resolved == IoEngineKind.AUTO ? resolve(resolved) : resolved;
        if (kind == IoEngineKind.POSIX)
        {
            return new PosixEngine(file, queueDepth);
        }
        resolve(IoEngineKind.IO_URING);
        if (file.nativeFd() < 0)
        {
            throw new InvalidArgumentException(file.path() + ": could not be opened for io_uring (see the log), " +
                "use --io-engine posix");
        }
        try
        {
            return new IoUringEngine(file, queueDepth, sqPoll, bufferAddress, bufferLength);
        }
        catch (final NativeIoException ex)
        {
            throw new InvalidArgumentException("io engine io_uring on " + file.path() + ": " + ex.getMessage() +
                (sqPoll ? " (SQ polling may need privileges: try without --nvme-sqpoll)" : ""), ex);
        }
    }
}
