package io.pocket.protocol;

import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * A cursor that encodes a frame into a direct Netty {@link ByteBuf} through an Agrona
 * {@link UnsafeBuffer} view of its memory, growing the buffer as needed. Fixed-layout parts are
 * written with the flyweights' {@code write} methods at {@link #position()}; variable parts
 * (strings, lists) with the put methods. Little-endian throughout.
 */
public final class MessageWriter
{
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private ByteBuf buf;
    private int start;
    private int position;

    /** Starts a frame at the writer index of {@code buf}, reserving its header. */
    public MessageWriter wrap(final ByteBuf buf)
    {
        this.buf = buf;
        this.start = buf.writerIndex();
        this.position = start;
        remap(FrameHeader.HEADER_LENGTH);
        position += FrameHeader.HEADER_LENGTH;
        return this;
    }

    /**
     * Writes the header for a frame whose encoded body ends at the current position, plus
     * {@code trailingBytes} that the caller sends as a separate buffer (zero-copy payloads), and
     * moves the ByteBuf's writer index to the end of what was encoded here.
     */
    public ByteBuf finish(final int opcode, final int flags, final long correlationId, final int trailingBytes)
    {
        FrameHeader.write(view, start, position - start + trailingBytes, opcode, flags, correlationId);
        buf.writerIndex(position);
        return buf;
    }

    public ByteBuf finish(final int opcode, final int flags, final long correlationId)
    {
        return finish(opcode, flags, correlationId, 0);
    }

    /** The view of the underlying memory, valid until the next {@link #ensure}. */
    public UnsafeBuffer buffer()
    {
        return view;
    }

    public int position()
    {
        return position;
    }

    public MessageWriter skip(final int bytes)
    {
        ensure(bytes);
        position += bytes;
        return this;
    }

    /** Makes room for {@code bytes} more bytes at the position. */
    public void ensure(final int bytes)
    {
        if (position + bytes > view.capacity())
        {
            remap(position + bytes - buf.writerIndex());
        }
    }

    private void remap(final int bytesBeyondWriterIndex)
    {
        buf.ensureWritable(Math.max(bytesBeyondWriterIndex, 0));
        if (buf.hasMemoryAddress())
        {
            view.wrap(buf.memoryAddress(), buf.capacity());
        }
        else
        {
            view.wrap(buf.nioBuffer(0, buf.capacity()));
        }
    }

    public MessageWriter putByte(final int value)
    {
        ensure(1);
        view.putByte(position, (byte)value);
        position += 1;
        return this;
    }

    public MessageWriter putShort(final int value)
    {
        ensure(2);
        view.putShort(position, (short)value, LITTLE_ENDIAN);
        position += 2;
        return this;
    }

    public MessageWriter putInt(final int value)
    {
        ensure(4);
        view.putInt(position, value, LITTLE_ENDIAN);
        position += 4;
        return this;
    }

    public MessageWriter putLong(final long value)
    {
        ensure(8);
        view.putLong(position, value, LITTLE_ENDIAN);
        position += 8;
        return this;
    }

    public MessageWriter putDouble(final double value)
    {
        return putLong(Double.doubleToRawLongBits(value));
    }

    public MessageWriter putBoolean(final boolean value)
    {
        return putByte(value ? 1 : 0);
    }

    /** A string: u16 byte length, then UTF-8 bytes (at most 65535). */
    public MessageWriter putString(final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF)
        {
            throw new IllegalArgumentException("string longer than 65535 bytes");
        }
        ensure(2 + bytes.length);
        view.putShort(position, (short)bytes.length, LITTLE_ENDIAN);
        view.putBytes(position + 2, bytes);
        position += 2 + bytes.length;
        return this;
    }
}
