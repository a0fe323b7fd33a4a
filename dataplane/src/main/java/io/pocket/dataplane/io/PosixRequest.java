package io.pocket.dataplane.io;

import io.pocket.nativeio.Errno;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.Locale;

/**
 * One request slot of the {@link PosixEngine}, reused; handed between the owner thread and a worker through the
 * engine's queues (which order the field accesses).
 */
final class PosixRequest
{
    boolean write;
    long fileOffset;
    long address;
    int length;
    long userData;
    int result;

    void set(final boolean write, final long fileOffset, final long address, final int length, final long userData)
    {
        this.write = write;
        this.fileOffset = fileOffset;
        this.address = address;
        this.length = length;
        this.userData = userData;
        this.result = 0;
    }

    /** Runs requests on one worker thread, through that thread's own re-pointable buffer view. */
    static final class Executor
    {
        private final FileChannel channel;
        private final ByteBuffer view = DirectViews.newView();

        Executor(final FileChannel channel)
        {
            this.channel = channel;
        }

        /**
         * Transfer the whole range, or up to the end of the file.
         *
         * @param request the request.
         * @return bytes transferred, or {@code -errno}.
         */
        int execute(final PosixRequest request)
        {
            final ByteBuffer buffer = DirectViews.point(view, request.address, request.length);
            long position = request.fileOffset;
            int transferred = 0;
            try
            {
                while (buffer.hasRemaining())
                {
                    final int n = request.write ? channel.write(buffer, position) : channel.read(buffer, position);
                    if (n <= 0)
                    {
                        break;
                    }
                    position += n;
                    transferred += n;
                }
                return transferred;
            }
            catch (final ClosedChannelException ex)
            {
                return -Errno.EBADF;
            }
            catch (final IOException ex)
            {
                return -errnoOf(ex);
            }
            finally
            {
                DirectViews.point(view, 0, 0);
            }
        }

        private static int errnoOf(final IOException ex)
        {
            final String message = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space"))
            {
                return Errno.ENOSPC;
            }
            if (message.contains("invalid argument") || message.contains("multiple of"))
            {
                return Errno.EINVAL;
            }
            if (message.contains("bad file"))
            {
                return Errno.EBADF;
            }
            return Errno.EIO;
        }
    }
}
