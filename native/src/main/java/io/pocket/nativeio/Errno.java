package io.pocket.nativeio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Linux errno values the binding reacts to, and words for them. */
public final class Errno
{
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ENOSYS = 38;
    public static final int ETIME = 62;
    public static final int EOPNOTSUPP = 95;

    private Errno()
    {
    }

    /**
     * A short name for an errno.
     *
     * @param errno positive or negative errno.
     * @return e.g. {@code "EPERM (errno 1)"}.
     */
    public static String name(final int errno)
    {
        final int e = Math.abs(errno);
        final String name;
        switch (e)
        {
            case EPERM: name = "EPERM"; break;
            case ENOENT: name = "ENOENT"; break;
            case EINTR: name = "EINTR"; break;
            case EIO: name = "EIO"; break;
            case EBADF: name = "EBADF"; break;
            case EAGAIN: name = "EAGAIN"; break;
            case ENOMEM: name = "ENOMEM"; break;
            case EFAULT: name = "EFAULT"; break;
            case EACCES: name = "EACCES"; break;
            case EBUSY: name = "EBUSY"; break;
            case EINVAL: name = "EINVAL"; break;
            case ENOSPC: name = "ENOSPC"; break;
            case ENOSYS: name = "ENOSYS"; break;
            case ETIME: name = "ETIME"; break;
            case EOPNOTSUPP: name = "EOPNOTSUPP"; break;
            default: name = "errno"; break;
        }
        return name + " (errno " + e + ")";
    }

    /**
     * Words for the result of the probe ring.
     *
     * @param result 0 or {@code -errno} from {@code probe()}.
     * @return null when io_uring works, else an actionable cause.
     */
    static String describeProbe(final int result)
    {
        if (result >= 0)
        {
            return null;
        }
        final String disabled = readSysctl();
        switch (-result)
        {
            case EPERM:
            case EACCES:
                return "io_uring_setup returned " + name(result) + ": io_uring is forbidden here, by the " +
                    "container's seccomp profile or by sysctl kernel.io_uring_disabled" +
                    (disabled != null ? " (currently " + disabled + ")" : "") +
                    "; allow it (e.g. docker --security-opt seccomp=unconfined, sysctl kernel.io_uring_disabled=0) " +
                    "or use --io-engine posix";
            case ENOSYS:
                return "io_uring_setup returned " + name(result) + ": the kernel has no io_uring (older than 5.1, " +
                    "built without CONFIG_IO_URING) or a seccomp profile hides it; use --io-engine posix";
            case EOPNOTSUPP:
                return "this kernel's io_uring lacks READ/WRITE/READ_FIXED/WRITE_FIXED or EXT_ARG waits (needs " +
                    "Linux 5.11 or later); use --io-engine posix";
            case ENOMEM:
                return "io_uring_setup returned " + name(result) + ": no memory for a ring (check ulimit -l); " +
                    "use --io-engine posix";
            default:
                return "io_uring_setup returned " + name(result) + "; use --io-engine posix";
        }
    }

    private static String readSysctl()
    {
        try
        {
            return "kernel.io_uring_disabled=" +
                Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled"), StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }
}
