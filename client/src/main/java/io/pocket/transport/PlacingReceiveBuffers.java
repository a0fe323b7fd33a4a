package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The receive buffers of one connection whose frames may be {@linkplain PlacingFrameDecoder placed}: while a frame's
 * data is awaited the socket reads into its destination, after a placed frame a read takes only the next header and
 * fixed body, and otherwise the usual {@link Frames#receiveBuffers() adaptive} buffers are used. Works with every
 * transport that reads into the buffer its handle allocates (NIO, epoll, io_uring without buffer rings), each of
 * which allocates the next read's buffer only after the previous read's bytes went through the pipeline.
 */
final class PlacingReceiveBuffers implements RecvByteBufAllocator
{
    private final PlacingFrameDecoder decoder;
    private final RecvByteBufAllocator usual;

    PlacingReceiveBuffers(final PlacingFrameDecoder decoder, final RecvByteBufAllocator usual)
    {
        this.decoder = decoder;
        this.usual = usual;
    }

    @Override
    public Handle newHandle()
    {
        return new PlacingHandle((ExtendedHandle)usual.newHandle());
    }

    /** Netty's delegating handle with the allocation replaced; extended, as the native transports require. */
    private final class PlacingHandle extends DelegatingHandle implements ExtendedHandle
    {
        PlacingHandle(final ExtendedHandle delegate)
        {
            super(delegate);
        }

        @Override
        public ByteBuf allocate(final ByteBufAllocator alloc)
        {
            final ByteBuf landing = decoder.landingBuffer();
            if (null != landing)
            {
                return landing;
            }
            final int limit = decoder.nextReadLimit();
            return limit > 0 ? alloc.ioBuffer(limit, limit) : delegate().allocate(alloc);
        }

        @Override
        public boolean continueReading(final UncheckedBooleanSupplier maybeMoreDataSupplier)
        {
            return ((ExtendedHandle)delegate()).continueReading(maybeMoreDataSupplier);
        }
    }
}
