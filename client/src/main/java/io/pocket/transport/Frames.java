package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageWriter;

import java.nio.ByteOrder;

/** Frame-level helpers shared by both ends of a connection. */
public final class Frames
{
    /** Initial size of a frame buffer; it grows as a body needs. */
    static final int INITIAL_FRAME_CAPACITY = 256;

    private Frames()
    {
    }

    /**
     * Receive buffers that grow to a whole block and more: one read syscall can take a full 64 KiB
     * block frame (or several small frames) instead of the default 64 KiB cap with a slow ramp. The
     * cap of 256 KiB (up to three block frames) keeps them small enough for the pooled allocator to
     * reuse: 1 MiB buffers made it create and zero new 4 MiB chunks as often as they came and went.
     */
    public static AdaptiveRecvByteBufAllocator receiveBuffers()
    {
        return new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 256 * 1024);
    }

    /**
     * A decoder that cuts the byte stream into whole frames by their little-endian length prefix
     * (which counts the whole frame) and fails fast on a frame above {@code maxFrameLength}.
     */
    public static LengthFieldBasedFrameDecoder newDecoder(final int maxFrameLength)
    {
        return new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, maxFrameLength, FrameHeader.LENGTH_OFFSET, 4,
            -4, 0, true);
    }

    /** Encodes a whole frame into a new direct buffer. */
    static ByteBuf encode(
        final ByteBufAllocator alloc,
        final MessageWriter writer,
        final int opcode,
        final int flags,
        final long correlationId,
        final Encoder body,
        final int trailingBytes)
    {
        final ByteBuf buf = alloc.directBuffer(INITIAL_FRAME_CAPACITY);
        try
        {
            writer.wrap(buf);
            body.encode(writer);
            return writer.finish(opcode, flags, correlationId, trailingBytes);
        }
        catch (final RuntimeException ex)
        {
            buf.release();
            throw ex;
        }
    }

    /** Encodes an error response: u16 code, then the message string. */
    static ByteBuf encodeError(
        final ByteBufAllocator alloc,
        final MessageWriter writer,
        final int opcode,
        final long correlationId,
        final ErrorCode code,
        final String message)
    {
        final String text = message == null ? code.name() : message.length() > 2000 ? message.substring(0, 2000) : message;
        return encode(alloc, writer, opcode, FrameHeader.FLAG_RESPONSE | FrameHeader.FLAG_ERROR, correlationId,
            w -> w.putShort(code.code()).putString(text), 0);
    }
}
