package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The placing decoder on an embedded channel, playing the transport's part by hand: it fills the buffers that
 * {@link PlacingFrameDecoder#landingBuffer} lends and gives them back through the pipeline, as a socket read would.
 */
class PlacingFrameDecoderTest
{
    private static final int PLACED = 60;
    private static final int OTHER = 61;
    private static final int BODY = 8;
    private static final int HEAD = FrameHeader.HEADER_LENGTH + BODY;
    private static final int MAX_FRAME = 1 << 20;

    private final List<String> events = new ArrayList<>();
    private final List<ByteBuf> destinations = new ArrayList<>();
    private boolean decline;

    private final DataPlacement placement = new DataPlacement()
    {
        public int placedBodyLength(final int opcode)
        {
            return opcode == PLACED ? BODY : 0;
        }

        public ByteBuf placeData(
            final ServerConnection c, final int opcode, final long id, final MessageReader body, final int dataLength)
        {
            throw new AssertionError("the decoder goes through its placer");
        }

        public void onDataPlaced(
            final ServerConnection c, final int opcode, final long id, final MessageReader body, final int dataLength)
        {
            throw new AssertionError("the decoder goes through its placer");
        }

        public void onRequest(final ServerConnection c, final int opcode, final long id, final MessageReader body)
        {
            throw new AssertionError("frames go down the pipeline");
        }
    };

    private final PlacingFrameDecoder.Placer placer = new PlacingFrameDecoder.Placer()
    {
        public ByteBuf place(final DirectBuffer prefix, final int prefixLength, final int dataLength)
        {
            final long id = prefix.getLong(FrameHeader.CORRELATION_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
            events.add("place " + id + " " + prefixLength + " " + dataLength + " body " +
                prefix.getLong(FrameHeader.HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN));
            if (decline)
            {
                return null;
            }
            final ByteBuf destination = Unpooled.directBuffer(dataLength, dataLength);
            destinations.add(destination);
            return destination.retain();
        }

        public void placed(final DirectBuffer prefix, final int prefixLength, final int dataLength)
        {
            events.add("placed " + prefix.getLong(FrameHeader.CORRELATION_ID_OFFSET, ByteOrder.LITTLE_ENDIAN));
        }
    };

    private final PlacingFrameDecoder decoder = new PlacingFrameDecoder(MAX_FRAME, placement, placer);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @Test
    void dataLandsInPlaceAcrossReadsAndTheFramesAroundItStayInOrder()
    {
        final byte[] data = randomBytes(3 * PlacingFrameDecoder.MIN_PLACED_DATA + 5);
        final byte[] placed = frame(PLACED, 2, data);
        final ByteBuf first = Unpooled.buffer().writeBytes(frame(OTHER, 1, new byte[3])).writeBytes(placed, 0, HEAD + 100);
        channel.writeInbound(first);
        assertEquals(List.of("place 2 " + HEAD + " " + data.length + " body 7"), events);
        assertEquals(1, frames(channel).size(), "the frame before is delivered whole");

        int landed = 100;
        while (landed < data.length)
        {
            assertEquals(0, decoder.nextReadLimit(), "no limit while data is awaited");
            final ByteBuf landing = decoder.landingBuffer();
            final int bytes = Math.min(5000, landing.writableBytes());
            landing.writeBytes(data, landed, bytes);
            landed += bytes;
            channel.writeInbound(landing);
        }
        assertNull(decoder.landingBuffer());
        assertEquals("placed 2", events.get(events.size() - 1));
        final ByteBuf destination = destinations.get(0);
        assertEquals(1, destination.refCnt(), "the decoder gave back every reference it held or lent");
        assertArrayEquals(data, bytes(destination));
        assertEquals(HEAD, decoder.nextReadLimit(), "after a placed frame a read takes only a header and body");

        channel.writeInbound(Unpooled.wrappedBuffer(frame(OTHER, 3, new byte[5])));
        assertEquals(List.of(3L), correlationIds(frames(channel)));
        assertEquals(0, decoder.nextReadLimit());
    }

    @Test
    void framesReceivedWholeArePlacedByCopyInOneRead()
    {
        final byte[] a = randomBytes(PlacingFrameDecoder.MIN_PLACED_DATA);
        final byte[] b = randomBytes(PlacingFrameDecoder.MIN_PLACED_DATA * 2);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(PLACED, 1, a), frame(PLACED, 2, b), frame(OTHER, 3, new byte[0])));
        assertEquals(List.of("place 1 " + HEAD + " " + a.length + " body 7", "placed 1",
            "place 2 " + HEAD + " " + b.length + " body 7", "placed 2"), events);
        assertArrayEquals(a, bytes(destinations.get(0)));
        assertArrayEquals(b, bytes(destinations.get(1)));
        assertEquals(List.of(3L), correlationIds(frames(channel)));
    }

    @Test
    void aDeclinedOrSmallFrameIsDeliveredWholeAndAskedAboutOnce()
    {
        channel.writeInbound(Unpooled.wrappedBuffer(frame(PLACED, 1, new byte[PlacingFrameDecoder.MIN_PLACED_DATA - 1])));
        assertEquals(List.of(), events, "small data is not worth placing");

        decline = true;
        final byte[] big = frame(PLACED, 2, randomBytes(PlacingFrameDecoder.MIN_PLACED_DATA * 2));
        for (int i = 0; i < big.length; i += 1000)
        {
            channel.writeInbound(Unpooled.wrappedBuffer(big, i, Math.min(1000, big.length - i)));
        }
        assertEquals(1, events.size(), "asked once, when the header and body had arrived: " + events);
        final List<ByteBuf> frames = frames(channel);
        assertEquals(List.of(1L, 2L), correlationIds(frames));
        assertArrayEquals(big, bytes(frames.get(1)));
        assertNull(decoder.landingBuffer());
    }

    @Test
    void closingWhileDataIsAwaitedReleasesTheDestination()
    {
        final byte[] placed = frame(PLACED, 1, randomBytes(PlacingFrameDecoder.MIN_PLACED_DATA * 2));
        channel.writeInbound(Unpooled.wrappedBuffer(placed, 0, HEAD + 10));
        final ByteBuf lent = decoder.landingBuffer();
        lent.release();
        channel.finishAndReleaseAll();
        assertEquals(1, destinations.get(0).refCnt(), "only the placer's own reference is left");
        assertEquals(List.of("place 1 " + HEAD + " " + (placed.length - HEAD) + " body 7"), events);
    }

    @Test
    void limitsAndErrorsAreThoseOfTheUsualDecoder()
    {
        final ByteBuf tooLong = Unpooled.buffer().writeIntLE(MAX_FRAME + 1).writeShortLE(PLACED).writeShortLE(0)
            .writeLongLE(1).writeZero(BODY);
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(tooLong));
        assertEquals(List.of(), events, "a frame above the limit is never placed");
    }

    @Test
    void aHeaderSplitBeforeItsBodyWaitsForTheBody()
    {
        final byte[] data = randomBytes(PlacingFrameDecoder.MIN_PLACED_DATA);
        final byte[] placed = frame(PLACED, 4, data);
        channel.writeInbound(Unpooled.wrappedBuffer(placed, 0, HEAD - 3));
        assertEquals(List.of(), events);
        channel.writeInbound(Unpooled.wrappedBuffer(placed, HEAD - 3, placed.length - HEAD + 3));
        assertEquals(List.of("place 4 " + HEAD + " " + data.length + " body 7", "placed 4"), events);
        assertArrayEquals(data, bytes(destinations.get(0)));
    }

    @Test
    void aLengthAboveTheLimitFailsAsSoonAsItsFourBytesArrive()
    {
        final ByteBuf lengthOnly = Unpooled.buffer().writeIntLE(MAX_FRAME + 1);
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(lengthOnly));
    }

    @Test
    void aFrameShorterThanAHeaderIsStillCutByItsLength()
    {
        channel.writeInbound(Unpooled.buffer().writeIntLE(8).writeIntLE(0));
        assertEquals(8, frames(channel).get(0).readableBytes(), "the server then refuses it as shorter than a header");
    }

    @Test
    void aHeaderSplitInsideItsFirstSixteenBytesDoesNotFrameTheNextFrameWithItsLength()
    {
        for (int split = 1; split < FrameHeader.HEADER_LENGTH; split++)
        {
            final byte[] data = randomBytes(PlacingFrameDecoder.MIN_PLACED_DATA);
            final byte[] placed = frame(PLACED, 10L * split, data);
            final byte[] small = frame(PLACED, 10L * split + 1, new byte[1]);
            final byte[] other = frame(OTHER, 10L * split + 2, new byte[0]);
            channel.writeInbound(Unpooled.wrappedBuffer(placed, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(placed, split, placed.length - split),
                Unpooled.wrappedBuffer(small), Unpooled.wrappedBuffer(other)));
            assertEquals("placed " + 10L * split, events.get(events.size() - 1), "split after " + split + " bytes");
            assertArrayEquals(data, bytes(destinations.get(destinations.size() - 1)), "split after " + split);
            final List<ByteBuf> frames = frames(channel);
            assertEquals(List.of(10L * split + 1, 10L * split + 2), correlationIds(frames), "split after " + split);
            assertArrayEquals(small, bytes(frames.get(0)), "the frame after a placed one is cut by its own length");
            assertArrayEquals(other, bytes(frames.get(1)));
        }
    }

    private static byte[] frame(final int opcode, final long correlationId, final byte[] data)
    {
        final boolean placedOpcode = opcode == PLACED;
        final int length = FrameHeader.HEADER_LENGTH + (placedOpcode ? BODY : 0) + data.length;
        final ByteBuffer frame = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(length).putShort((short)opcode).putShort((short)0).putLong(correlationId);
        if (placedOpcode)
        {
            frame.putLong(7);
        }
        return frame.put(data).array();
    }

    private static byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(final ByteBuf buf)
    {
        final byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }

    private static List<ByteBuf> frames(final EmbeddedChannel channel)
    {
        final List<ByteBuf> frames = new ArrayList<>();
        for (ByteBuf frame; null != (frame = channel.readInbound()); )
        {
            frames.add(frame);
        }
        return frames;
    }

    private static List<Long> correlationIds(final List<ByteBuf> frames)
    {
        final Long[] ids = new Long[frames.size()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = frames.get(i).getLongLE(FrameHeader.CORRELATION_ID_OFFSET);
        }
        return Arrays.asList(ids);
    }
}
