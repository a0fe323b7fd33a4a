package io.pocket.dataplane.io;

import org.agrona.BufferUtil;

import java.nio.Buffer;
import java.nio.ByteBuffer;

import static org.agrona.UnsafeAccess.UNSAFE;

/**
 * Re-pointable {@code DirectByteBuffer} views of native memory, for handing native addresses to {@code FileChannel}
 * without a copy. A stock Java 17 run (no {@code --add-opens}) has no public way to wrap an address, so, as
 * {@code ArenaWindows} does, a zero-capacity direct buffer gets its address, capacity and limit fields set; the
 * buffer's own cleaner frees only the (empty) allocation it was born with, never the memory it is pointed at.
 */
public final class DirectViews
{
    private static final long CAPACITY_FIELD_OFFSET = fieldOffset("capacity");

    private DirectViews()
    {
    }

    /**
     * A view to be re-pointed with {@link #point}.
     *
     * @return a new empty direct buffer.
     */
    public static ByteBuffer newView()
    {
        return ByteBuffer.allocateDirect(0);
    }

    /**
     * Point a view at {@code [address, address + length)}, position 0, limit {@code length}.
     *
     * @param view    a buffer from {@link #newView()}.
     * @param address native address.
     * @param length  bytes.
     * @return the view.
     */
    public static ByteBuffer point(final ByteBuffer view, final long address, final int length)
    {
        UNSAFE.putLong(view, BufferUtil.BYTE_BUFFER_ADDRESS_FIELD_OFFSET, address);
        UNSAFE.putInt(view, CAPACITY_FIELD_OFFSET, length);
        view.clear();
        return view;
    }

    private static long fieldOffset(final String name)
    {
        try
        {
            return UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField(name));
        }
        catch (final NoSuchFieldException ex)
        {
            throw new IllegalStateException("java.nio.Buffer has no field " + name, ex);
        }
    }
}
