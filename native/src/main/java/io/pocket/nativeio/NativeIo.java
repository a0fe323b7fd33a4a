package io.pocket.nativeio;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The JNI library {@code libpocketnative.so}: raw io_uring syscalls and direct-I/O file helpers, shaped like the
 * kernel interface (ints and longs in, a result {@code >= 0} or {@code -errno} out).
 * <p>
 * The library is carried in this jar under {@code io/pocket/nativeio/<os>-<arch>/}, extracted to a temporary file and
 * loaded on first use; then a probe ring checks that io_uring works here. {@link #isAvailable()} tells whether all of
 * that succeeded and {@link #unavailabilityCause()} says why not, in words a user can act on. Setting the system
 * property {@value #DISABLE_PROP_NAME} to {@code true} makes the library unavailable on purpose (e.g. to test the posix
 * fallback).
 */
public final class NativeIo
{
    /** System property that, when {@code true}, keeps the library from loading. */
    public static final String DISABLE_PROP_NAME = "pocket.native.disable";

    private static final String LIBRARY_FILE = "libpocketnative.so";
    private static final String NOT_BUILT_FILE = "NOT-BUILT.txt";

    private NativeIo()
    {
    }

    /**
     * Whether the library loaded and io_uring works on this machine.
     *
     * @return true when the io_uring engine can be used.
     */
    public static boolean isAvailable()
    {
        return Loader.CAUSE == null;
    }

    /**
     * Why the library cannot be used.
     *
     * @return the cause in words, or null when {@link #isAvailable()}.
     */
    public static String unavailabilityCause()
    {
        return Loader.CAUSE;
    }

    /**
     * The platform folder the library is looked for in.
     *
     * @return e.g. {@code linux-x86_64}.
     */
    public static String platform()
    {
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replace(" ", "");
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if ("amd64".equals(arch))
        {
            arch = "x86_64";
        }
        return os + "-" + arch;
    }

    /**
     * Creates a probe ring again and checks the opcodes the engine needs; usable only once the library loaded.
     *
     * @return null if io_uring works, else why not.
     */
    public static String probeRing()
    {
        if (Loader.LOADED_CAUSE != null)
        {
            return Loader.LOADED_CAUSE;
        }
        return Errno.describeProbe(probe());
    }

    // ---- natives: the library's entry points; see pocket_native.c --------------------------------------------

    static native int layoutLength();

    static native int ringSetup(int entries, int flags, int sqThreadIdleMs, long[] layout);

    static native int ringDestroy(int fd, long sq, long sqSize, long cq, long cqSize, long sqes, long sqesSize);

    static native int ringEnter(int fd, int toSubmit, int minComplete, int flags);

    static native int ringEnterTimeout(int fd, int toSubmit, int minComplete, int flags, long timeoutNanos);

    static native int registerBuffers(int fd, long address, long length);

    static native int unregisterBuffers(int fd);

    static native int registerFile(int ringFd, int fileFd);

    static native int probe();

    /**
     * Open an existing file or block device for reading and writing.
     *
     * @param path   the file.
     * @param direct with {@code O_DIRECT}.
     * @return a file descriptor, or {@code -errno}.
     */
    public static native int openFile(String path, boolean direct);

    /**
     * Close a file descriptor from {@link #openFile}.
     *
     * @param fd the descriptor.
     * @return 0 or {@code -errno}.
     */
    public static native int closeFile(int fd);

    /**
     * {@code fallocate(2)}.
     *
     * @param fd     the descriptor.
     * @param mode   e.g. 0, or {@code FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE} (3).
     * @param offset start of the range.
     * @param length bytes.
     * @return 0 or {@code -errno}.
     */
    public static native int fallocate(int fd, int mode, long offset, long length);

    /**
     * {@code fsync(2)}.
     *
     * @param fd the descriptor.
     * @return 0 or {@code -errno}.
     */
    public static native int fsync(int fd);

    /**
     * Size of a file, or of a block device ({@code BLKGETSIZE64}).
     *
     * @param fd the descriptor.
     * @return bytes, or {@code -errno}.
     */
    public static native long fileSize(int fd);

    /**
     * Direct-I/O offset alignment: {@code BLKSSZGET} for a block device, {@code statx} {@code STATX_DIOALIGN} for a
     * file.
     *
     * @param fd the descriptor.
     * @return bytes, 0 if unknown, or {@code -errno}.
     */
    public static native int logicalBlockSize(int fd);

    /** Loads the library once, on first use of {@link NativeIo}'s availability. */
    private static final class Loader
    {
        /** Why the library did not load (null if it did). */
        static final String LOADED_CAUSE = load();
        /** Why io_uring cannot be used (null if it can). */
        static final String CAUSE = LOADED_CAUSE != null ? LOADED_CAUSE : Errno.describeProbe(probe());

        private static String load()
        {
            if (Boolean.getBoolean(DISABLE_PROP_NAME))
            {
                return "the native library was disabled with -D" + DISABLE_PROP_NAME + "=true";
            }
            final String platform = platform();
            if (!platform.equals("linux-x86_64") && !platform.equals("linux-aarch64"))
            {
                return "io_uring needs Linux on x86_64 or aarch64, this is " + platform;
            }
            final String folder = "/io/pocket/nativeio/" + platform + "/";
            final URL library = NativeIo.class.getResource(folder + LIBRARY_FILE);
            if (library == null)
            {
                final String note = readNote(folder + NOT_BUILT_FILE);
                return "the jar carries no native library for " + platform + ": " +
                    (note != null ? note : "it was built without gcc (install gcc, libc6-dev and linux-libc-dev, " +
                    "then rebuild)");
            }
            try
            {
                final Path file = Files.createTempFile("pocketnative-", ".so");
                file.toFile().deleteOnExit();
                try (InputStream in = library.openStream())
                {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                System.load(file.toAbsolutePath().toString());
                return null;
            }
            catch (final IOException ex)
            {
                return "could not extract the native library to the temporary directory " +
                    System.getProperty("java.io.tmpdir") + " (" + ex.getMessage() + "); set -Djava.io.tmpdir to a " +
                    "writable directory";
            }
            catch (final UnsatisfiedLinkError ex)
            {
                return "could not load the native library (" + ex.getMessage() + "); if the temporary directory " +
                    "is mounted noexec, set -Djava.io.tmpdir to a directory that allows executables";
            }
        }

        private static String readNote(final String resource)
        {
            try (InputStream in = NativeIo.class.getResourceAsStream(resource))
            {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            catch (final IOException ex)
            {
                return null;
            }
        }
    }
}
