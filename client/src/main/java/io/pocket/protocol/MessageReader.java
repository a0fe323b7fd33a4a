package io.pocket.protocol;

import io.netty.buffer.ByteBuf;
import io.pocket.client.ProtocolException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A bounds-checked cursor over one frame's body. Every read that would pass the end of the frame
 * throws {@link ProtocolException} (a truncated or garbage frame), so decoders never read foreign
 * memory. Little-endian throughout.
 */
public final class MessageReader
{
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final FrameHeader header = new FrameHeader();
    private int position;
    private int limit;

    /** Wraps a whole frame (header included) held in {@code frame} from its reader index. */
    public MessageReader wrapFrame(final ByteBuf frame)
    {
        final int length = frame.readableBytes();
        if (frame.hasMemoryAddress())
        {
            view.wrap(frame.memoryAddress() + frame.readerIndex(), length);
        }
        else if (frame.nioBufferCount() == 1)
        {
            view.wrap(frame.nioBuffer(frame.readerIndex(), length));
        }
        else
        {
            final byte[] copy = new byte[length];
            frame.getBytes(frame.readerIndex(), copy);
            view.wrap(copy);
        }
        return wrapFrame(view, 0, length);
    }

    /** Wraps a whole frame in an Agrona buffer; the reader starts at the body. */
    public MessageReader wrapFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < FrameHeader.HEADER_LENGTH)
        {
            throw new ProtocolException("frame of " + length + " bytes is shorter than its header");
        }
        if (buffer != view)
        {
            view.wrap(buffer, offset, length);
        }
        else if (offset != 0)
        {
            throw new IllegalArgumentException("offset into the reader's own view");
        }
        header.wrap(view, 0);
        position = FrameHeader.HEADER_LENGTH;
        limit = length;
        return this;
    }

    public FrameHeader header()
    {
        return header;
    }

    public DirectBuffer buffer()
    {
        return view;
    }

    public int position()
    {
        return position;
    }

    public int remaining()
    {
        return limit - position;
    }

    /** Fails unless {@code bytes} more bytes are in the frame. */
    public void require(final int bytes)
    {
        if (bytes < 0 || position + bytes > limit)
        {
            throw new ProtocolException("truncated " + Opcodes.name(header.opcode()) + " frame: needs " + bytes +
                " more bytes at offset " + position + ", frame has " + limit);
        }
    }

    public MessageReader skip(final int bytes)
    {
        require(bytes);
        position += bytes;
        return this;
    }

    public int getByte()
    {
        require(1);
        return view.getByte(position++) & 0xFF;
    }

    public boolean getBoolean()
    {
        return getByte() != 0;
    }

    public int getShort()
    {
        require(2);
        final int v = view.getShort(position, LITTLE_ENDIAN) & 0xFFFF;
        position += 2;
        return v;
    }

    public int getInt()
    {
        require(4);
        final int v = view.getInt(position, LITTLE_ENDIAN);
        position += 4;
        return v;
    }

    public long getLong()
    {
        require(8);
        final long v = view.getLong(position, LITTLE_ENDIAN);
        position += 8;
        return v;
    }

    public double getDouble()
    {
        return Double.longBitsToDouble(getLong());
    }

    /** A list count: must be non-negative and small enough that each element (at least {@code minElementBytes}) fits. */
    public int getCount(final int minElementBytes)
    {
        final int count = getInt();
        if (count < 0 || (long)count * Math.max(minElementBytes, 1) > remaining())
        {
            throw new ProtocolException("bad list count " + count + " in " + Opcodes.name(header.opcode()) + " frame");
        }
        return count;
    }

    public String getString()
    {
        final int length = getShort();
        require(length);
        final byte[] bytes = new byte[length];
        view.getBytes(position, bytes);
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Fails if bytes are left over: a frame must be exactly as long as its message. */
    public void end()
    {
        if (position != limit)
        {
            throw new ProtocolException(Opcodes.name(header.opcode()) + " frame has " + (limit - position) + " trailing bytes");
        }
    }
}
