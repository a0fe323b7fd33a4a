package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageWriter;

/**
 * The server's side of one client connection: replies to its requests. Replies may be sent from
 * any thread; they are encoded on the caller's thread and written in order per connection.
 */
public final class ServerConnection
{
    private final long id;
    private final Channel channel;
    private final ThreadLocal<MessageWriter> writers;

    ServerConnection(final long id, final Channel channel, final ThreadLocal<MessageWriter> writers)
    {
        this.id = id;
        this.channel = channel;
        this.writers = writers;
    }

    /** Unique per server for its lifetime; identifies the owner of unsealed writes and pending reads. */
    public long id()
    {
        return id;
    }

    public String remoteAddress()
    {
        return String.valueOf(channel.remoteAddress());
    }

    public boolean isOpen()
    {
        return channel.isActive();
    }

    /** Sends a successful response whose body {@code body} encodes. */
    public void reply(final int opcode, final long correlationId, final Encoder body)
    {
        channel.writeAndFlush(Frames.encode(channel.alloc(), writers.get(), opcode, FrameHeader.FLAG_RESPONSE,
            correlationId, body, 0), channel.voidPromise());
    }

    /**
     * Sends a response made of an encoded body followed by {@code payload}, written from its own
     * memory (no copy). Takes ownership of {@code payload}.
     */
    public void replyWithPayload(final int opcode, final long correlationId, final Encoder body, final ByteBuf payload)
    {
        final ByteBuf head;
        try
        {
            head = Frames.encode(channel.alloc(), writers.get(), opcode, FrameHeader.FLAG_RESPONSE, correlationId, body,
                payload.readableBytes());
        }
        catch (final RuntimeException ex)
        {
            payload.release();
            throw ex;
        }
        // One buffer, one write: replies sent from different threads must not interleave.
        channel.writeAndFlush(channel.alloc().compositeDirectBuffer(2).addComponents(true, head, payload),
            channel.voidPromise());
    }

    public void replyError(final int opcode, final long correlationId, final ErrorCode code, final String message)
    {
        channel.writeAndFlush(Frames.encodeError(channel.alloc(), writers.get(), opcode, correlationId, code, message),
            channel.voidPromise());
    }

    /** Replies with the error code and message of {@code cause}. */
    public void replyError(final int opcode, final long correlationId, final Throwable cause)
    {
        replyError(opcode, correlationId, ErrorCode.of(cause), String.valueOf(cause.getMessage()));
    }

    /** Sends an error and closes the connection once it is written. */
    void replyErrorAndClose(final int opcode, final long correlationId, final ErrorCode code, final String message)
    {
        channel.writeAndFlush(Frames.encodeError(channel.alloc(), writers.get(), opcode, correlationId, code, message))
            .addListener(ChannelFutureListener.CLOSE);
    }

    public void close()
    {
        channel.close();
    }

    @Override
    public String toString()
    {
        return "connection " + id + " from " + remoteAddress();
    }
}
