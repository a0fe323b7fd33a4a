package io.pocket.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@link Job#openInput}: reads the object block by block with up to {@code readWindow} blocks
 * requested ahead of the reader, each into its own pooled direct buffer (a ring indexed by block
 * number modulo the window), so memory stays at {@code readWindow} blocks whatever the object's
 * size. When the reader finishes a block, its buffer is reused at once for the block
 * {@code readWindow} further on. {@link #close()} stops the reads and, for DELETE, releases the
 * object. A failed read is thrown by that and every later read.
 */
final class PocketInputStream extends InputStream
{
    private final String name;
    private final BlockBufferPool buffers;
    private final ObjectReader reader;
    private final int window;
    private final ByteBuffer[] slots;
    private final BlockSink[] sinks;
    private final ObjectReader.BlockRead[] reads;
    private int nextToStart;
    private int currentBlock = -1;
    private ByteBuffer current;
    private RuntimeException failure;
    private boolean closed;

    PocketInputStream(final JobSession session, final String name, final boolean delete)
    {
        this.name = name;
        this.buffers = session.buffers();
        this.reader = new ObjectReader(session, session.shareMetadata(), name, delete);
        final int blocks = reader.blockCount();
        this.window = Math.max(1, Math.min(session.context().readWindow(), blocks));
        this.slots = new ByteBuffer[window];
        this.sinks = new BlockSink[window];
        this.reads = new ObjectReader.BlockRead[window];
        try
        {
            for (int i = 0; i < window && i < blocks; i++)
            {
                slots[i] = buffers.acquire(reader.blockSize());
                sinks[i] = BlockSink.atStartOf(slots[i]);
            }
            while (nextToStart < window && nextToStart < blocks)
            {
                startNext();
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    @Override
    public int read() throws IOException
    {
        if (!hasData())
        {
            return -1;
        }
        return current.get() & 0xFF;
    }

    @Override
    public int read(final byte[] bytes, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0)
        {
            checkUsable();
            return 0;
        }
        if (!hasData())
        {
            return -1;
        }
        final int n = Math.min(length, current.remaining());
        current.get(bytes, offset, n);
        return n;
    }

    /** Bytes of the current block not read yet: they come without waiting. */
    @Override
    public int available() throws IOException
    {
        checkUsable();
        return current == null ? 0 : current.remaining();
    }

    /** Stops the reads under way and, for DELETE, releases the object. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        reader.close();
        for (int i = 0; i < slots.length; i++)
        {
            if (slots[i] != null)
            {
                buffers.release(slots[i]);
                slots[i] = null;
            }
        }
        current = null;
    }

    private boolean hasData() throws IOException
    {
        checkUsable();
        if (current != null && current.hasRemaining())
        {
            return true;
        }
        if (currentBlock + 1 >= reader.blockCount())
        {
            return false;
        }
        try
        {
            if (current != null)
            {
                startNext();
            }
            currentBlock++;
            final int slot = currentBlock % window;
            final ObjectReader.BlockRead read = reads[slot];
            reads[slot] = null;
            reader.await(read);
            current = slots[slot].clear().limit(reader.blockLength(currentBlock));
            return true;
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            current = null;
            throw ex;
        }
    }

    private void startNext()
    {
        if (nextToStart < reader.blockCount())
        {
            final int slot = nextToStart % window;
            reads[slot] = reader.read(nextToStart, sinks[slot]);
            nextToStart++;
        }
    }

    private void checkUsable() throws IOException
    {
        if (closed)
        {
            throw new IOException("input stream of object " + name + " is closed");
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
