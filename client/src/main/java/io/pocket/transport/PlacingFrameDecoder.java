package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.pocket.protocol.FrameHeader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The request decoder of a server whose handler places data ({@link DataPlacement}). It cuts frames exactly as
 * {@link Frames#newDecoder} does (same limits, same errors), except for a frame whose data the handler places: then
 * it hands the frame's header and fixed body to the {@link Placer}, and moves the data to the destination the
 * placer gives. Data bytes that arrived with the header are copied; the socket reads that follow
 * {@linkplain #landingBuffer land in place}, and after a placed frame the next read
 * {@linkplain #nextReadLimit takes only a header and fixed body}, so that the next frame's data can land in place too.
 * <p>
 * Used on the channel's event loop only, by the pipeline and by {@link PlacingReceiveBuffers}.
 */
final class PlacingFrameDecoder extends LengthFieldBasedFrameDecoder
{
    /** Smallest data worth placing: a frame with less is cut whole, as a copy of it costs less than a read more. */
    static final int MIN_PLACED_DATA = 4096;

    /** Largest header plus fixed body that a placed frame may have. */
    static final int PREFIX_CAPACITY = 256;

    /** Bytes up to the end of the length field, which the superclass reads first. */
    private static final int LENGTH_FIELD_END = FrameHeader.LENGTH_OFFSET + 4;

    /** The connection's side of placing: where data goes, and what to do once it is there. */
    interface Placer
    {
        /**
         * @return a buffer with exactly {@code dataLength} writable bytes, whose reference passes to the decoder, or
         * null to have the frame cut whole.
         */
        ByteBuf place(DirectBuffer prefix, int prefixLength, int dataLength);

        /** All data of the frame whose header and fixed body are {@code prefix} has reached its buffer. */
        void placed(DirectBuffer prefix, int prefixLength, int dataLength);
    }

    private final DataPlacement placement;
    private final long maxFrameLength;
    private final Placer placer;
    private final UnsafeBuffer prefix = new UnsafeBuffer(new byte[PREFIX_CAPACITY]);
    private int prefixLength;
    private int dataLength;
    private ByteBuf target;
    /** The frame at the reader index is the superclass's to cut: it has seen its length, or it is not placed. */
    private boolean wholeFrame;
    private int nextReadLength;

    PlacingFrameDecoder(final int maxFrameLength, final DataPlacement placement, final Placer placer)
    {
        super(ByteOrder.LITTLE_ENDIAN, maxFrameLength, FrameHeader.LENGTH_OFFSET, 4, -4, 0, true);
        this.maxFrameLength = maxFrameLength;
        this.placement = placement;
        this.placer = placer;
    }

    /**
     * The buffer the next socket read should fill: the rest of the data being placed. The caller (the transport)
     * gets a reference of its own, which {@link #channelRead} takes back when the read's bytes arrive.
     *
     * @return the destination, or null when no data is being placed.
     */
    ByteBuf landingBuffer()
    {
        return null == target ? null : target.retain();
    }

    /**
     * How many bytes the next read should take at most: after a placed frame, only what completes a header and fixed
     * body, so that the data after it is read in place rather than into a receive buffer.
     *
     * @return the limit, or 0 for none.
     */
    int nextReadLimit()
    {
        if (null != target || 0 == nextReadLength)
        {
            return 0;
        }
        final int buffered = internalBuffer().readableBytes();
        return buffered < nextReadLength ? nextReadLength - buffered : 0;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (null != target && msg instanceof ByteBuf)
        {
            final ByteBuf in = (ByteBuf)msg;
            if (in == target)
            {
                in.release();
                if (!target.isWritable())
                {
                    finish();
                }
                return;
            }
            land(in);
            if (!in.isReadable())
            {
                in.release();
                return;
            }
        }
        super.channelRead(ctx, msg);
    }

    /**
     * Places the frame at the reader index, waits for more of it, or else has {@link LengthFieldBasedFrameDecoder}
     * cut it. Once the superclass has seen a frame's length field it keeps that length until it has cut the frame, so
     * a frame that may be placed is kept from it until its header and fixed body are in, and a frame it has begun is
     * never placed ({@link #wholeFrame}); otherwise it would cut the frames after a placed one by the placed one's
     * length.
     */
    @Override
    protected Object decode(final ChannelHandlerContext ctx, final ByteBuf in) throws Exception
    {
        if (null == target && !wholeFrame && in.readableBytes() < FrameHeader.HEADER_LENGTH)
        {
            if (in.readableBytes() < LENGTH_FIELD_END ||
                mayBePlaced(in.getUnsignedIntLE(in.readerIndex() + FrameHeader.LENGTH_OFFSET)))
            {
                return null;
            }
        }
        else if (null == target && !wholeFrame && placeOrAwait(in))
        {
            return null;
        }
        wholeFrame = true;
        final Object frame = super.decode(ctx, in);
        if (null != frame)
        {
            wholeFrame = false;
            nextReadLength = 0;
        }
        return frame;
    }

    /**
     * Places the frame at the reader index if it is worth it and the placer gives it a destination; a frame that may be
     * placed but whose header and fixed body have not all arrived waits.
     *
     * @return true if the frame was placed or waits; false if the superclass is to cut it.
     */
    private boolean placeOrAwait(final ByteBuf in)
    {
        final int start = in.readerIndex();
        final long frameLength = in.getUnsignedIntLE(start + FrameHeader.LENGTH_OFFSET);
        final int body = placement.placedBodyLength(in.getUnsignedShortLE(start + FrameHeader.OPCODE_OFFSET));
        final int head = FrameHeader.HEADER_LENGTH + body;
        if (body > 0 && head <= PREFIX_CAPACITY && frameLength <= maxFrameLength &&
            frameLength - head >= MIN_PLACED_DATA)
        {
            if (in.readableBytes() < head)
            {
                return true;
            }
            in.getBytes(start, prefix.byteArray(), 0, head);
            final int data = (int)(frameLength - head);
            final ByteBuf destination = placer.place(prefix, head, data);
            if (null != destination)
            {
                in.skipBytes(head);
                prefixLength = head;
                dataLength = data;
                target = destination;
                nextReadLength = head;
                land(in);
                return true;
            }
        }
        return false;
    }

    /** Whether a frame of {@code frameLength} bytes may carry enough data to be placed, by its length alone. */
    private boolean mayBePlaced(final long frameLength)
    {
        return frameLength <= maxFrameLength && frameLength >= FrameHeader.HEADER_LENGTH + MIN_PLACED_DATA;
    }

    @Override
    protected void handlerRemoved0(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != target)
        {
            target.release();
            target = null;
        }
        super.handlerRemoved0(ctx);
    }

    /** Copies the data bytes that {@code in} holds to the destination. */
    private void land(final ByteBuf in)
    {
        final int bytes = Math.min(in.readableBytes(), target.writableBytes());
        if (bytes > 0)
        {
            target.writeBytes(in, bytes);
        }
        if (!target.isWritable())
        {
            finish();
        }
    }

    private void finish()
    {
        final ByteBuf done = target;
        target = null;
        done.release();
        placer.placed(prefix, prefixLength, dataLength);
    }
}
