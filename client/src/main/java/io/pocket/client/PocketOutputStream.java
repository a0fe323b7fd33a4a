package io.pocket.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@link Job#openOutput}: fills a pooled direct buffer of one block and hands it to the
 * {@link ObjectWriter} pipeline when full, so at most {@code writeWindow + 1} blocks of memory are
 * held whatever the object's size. {@link #close()} sends the last, partial block and seals the
 * object. After a failed block the object is aborted and every later call throws that failure.
 * {@link #flush()} sends nothing: a block goes out only when it is full or the stream closes.
 */
final class PocketOutputStream extends OutputStream
{
    private final String name;
    private final BlockBufferPool buffers;
    private final ObjectWriter writer;
    private ByteBuffer current;
    private RuntimeException failure;
    private boolean closed;

    PocketOutputStream(final JobSession session, final String name, final int flags)
    {
        this.name = name;
        this.buffers = session.buffers();
        this.writer = new ObjectWriter(session, session.shareMetadata(), name, flags, -1);
        this.current = buffers.acquire(writer.blockSize());
    }

    @Override
    public void write(final int b) throws IOException
    {
        checkUsable();
        current.put((byte)b);
        if (!current.hasRemaining())
        {
            send(true);
        }
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkUsable();
        int at = offset;
        int left = length;
        while (left > 0)
        {
            final int n = Math.min(left, current.remaining());
            current.put(bytes, at, n);
            at += n;
            left -= n;
            if (!current.hasRemaining())
            {
                send(true);
            }
        }
    }

    /** Checks the stream is usable; blocks are sent only when full or on close. */
    @Override
    public void flush() throws IOException
    {
        checkUsable();
    }

    /** Sends the last block and seals the object; after an earlier failure it only frees the buffer. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (failure != null)
        {
            if (current != null)
            {
                buffers.release(current);
                current = null;
            }
            return;
        }
        try
        {
            if (current.position() > 0)
            {
                send(false);
            }
            writer.seal();
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
            throw ex;
        }
        finally
        {
            if (current != null)
            {
                buffers.release(current);
                current = null;
            }
        }
    }

    private void send(final boolean more)
    {
        final ByteBuffer full = current.flip();
        current = null;
        try
        {
            writer.write(full, () -> buffers.release(full));
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
            throw ex;
        }
        if (more)
        {
            current = buffers.acquire(writer.blockSize());
        }
    }

    private void fail(final RuntimeException ex)
    {
        if (failure == null)
        {
            failure = ex;
            writer.abort();
        }
    }

    private void checkUsable() throws IOException
    {
        if (closed)
        {
            throw new IOException("output stream of object " + name + " is closed");
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
