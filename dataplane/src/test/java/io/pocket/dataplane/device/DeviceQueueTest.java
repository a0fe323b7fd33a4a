package io.pocket.dataplane.device;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.dataplane.tier.BlockStatus;
import io.pocket.dataplane.tier.NvmeTier;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ServerConnection;
import io.pocket.transport.TestServerConnections;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link DeviceQueue} over an engine whose completions the test decides, answering on an embedded channel: padding,
 * covering reads, device errors, short transfers, stale reads, back-pressure, time-outs and exhausted buffers.
 * The test plays the event loop: it runs the poller itself ({@link ManualExecutor}).
 */
class DeviceQueueTest
{
    private static final int BLOCK = 64 * 1024;
    private static final int BLOCKS = 16;
    private static final int SLOTS = 6;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final LongAdder rx = new LongAdder();
    private final LongAdder tx = new LongAdder();
    private final ManualExecutor loop = new ManualExecutor();
    private Path file;
    private EmbeddedChannel channel;
    private ServerConnection connection;
    private NvmeTier tier;
    private FakeEngine engine;
    private StagingBuffers staging;
    private DeviceQueue queue;

    @BeforeEach
    void open() throws IOException
    {
        file = Files.createDirectories(Path.of("target", "device-tests")).resolve("DeviceQueueTest.nvme");
        channel = new EmbeddedChannel();
        connection = TestServerConnections.over(channel);
        tier = NvmeTier.open(file, (long)BLOCKS * BLOCK, BLOCK, false);
        openQueue(TimeUnit.SECONDS.toNanos(30));
    }

    private void openQueue(final long backlogTimeoutNanos)
    {
        engine = new FakeEngine(2, (long)(BLOCKS - 4) * BLOCK);
        staging = new StagingBuffers(loop, BLOCK, 4, SLOTS);
        queue = new DeviceQueue(loop, tier, engine, staging, new PollBackoff(0, 0, 0), rx, tx, backlogTimeoutNanos,
            clock);
    }

    @AfterEach
    void close() throws IOException
    {
        queue.close();
        tier.close();
        channel.finishAndReleaseAll();
        Files.deleteIfExists(file);
    }

    @Test
    void shouldPadAWriteToTheAlignmentAndAnswerOnlyOnceTheDeviceCompleted()
    {
        final byte[] data = bytes(1000, 1);
        write(11, 1, 0, data);
        queue.run();
        assertNull(channel.readOutbound(), "no answer before the device completes");
        final FakeEngine.Request request = engine.submitted().get(0);
        assertTrue(request.write());
        assertEquals(tier.fileOffset(1), request.fileOffset());
        assertEquals(4096, request.length());
        final UnsafeBuffer slot = new UnsafeBuffer(request.address(), 4096);
        final byte[] written = new byte[4096];
        slot.getBytes(0, written);
        assertArrayEquals(data, Arrays.copyOf(written, 1000));
        assertArrayEquals(new byte[4096 - 1000], Arrays.copyOfRange(written, 1000, 4096));

        engine.completeOldest(4096);
        queue.run();
        final Reply reply = reply();
        assertEquals(Opcodes.WRITE_BLOCK, reply.opcode);
        assertEquals(11, reply.correlationId);
        assertNull(reply.error);
        assertEquals(1000, rx.sum());
        assertEquals(0, staging.inUse());
        assertTrue(loop.executed() > 0, "the poller scheduled itself while the write was in flight");
    }

    @Test
    void shouldReadTheCoveringAlignedRangeAndSendOnlyTheAskedBytesFromTheSlot()
    {
        assertEquals(BlockStatus.OK, tier.beginWrite(2, 3, 0, BLOCK));
        queue.read(connection, 12, 2, 3, 5000, 3000);
        queue.run();
        final FakeEngine.Request request = engine.submitted().get(0);
        assertEquals(tier.fileOffset(2) + 4096, request.fileOffset());
        assertEquals(4096, request.length());
        final byte[] device = bytes(4096, 2);
        new UnsafeBuffer(request.address(), 4096).putBytes(0, device);

        engine.completeOldest(4096);
        queue.run();
        assertEquals(1, staging.inUse(), "the slot is held until the send is over");
        final Reply reply = reply();
        assertEquals(Opcodes.READ_BLOCK, reply.opcode);
        assertArrayEquals(Arrays.copyOfRange(device, 5000 - 4096, 5000 - 4096 + 3000), reply.data);
        assertEquals(3000, tx.sum());
        assertEquals(0, staging.inUse(), "released with the sent frame");
    }

    @Test
    void shouldAnswerDeviceErrorsShortTransfersAndBlocksFreedDuringTheRead()
    {
        write(13, 1, 0, bytes(BLOCK, 3));
        queue.run();
        engine.completeOldest(-5);
        queue.run();
        final Reply eio = reply();
        assertEquals(ErrorCode.INTERNAL_ERROR, eio.error);
        assertTrue(eio.message.contains("write of block 1 failed: I/O error, errno 5"), eio.message);
        assertTrue(eio.message.contains(file.getFileName().toString()), eio.message);

        queue.read(connection, 14, 1, 1, 0, BLOCK);
        queue.run();
        engine.completeOldest(4096);
        queue.run();
        final Reply shortRead = reply();
        assertEquals(ErrorCode.INTERNAL_ERROR, shortRead.error);
        assertTrue(shortRead.message.contains("short read of block 1: 4096 of 65536 bytes"), shortRead.message);

        queue.read(connection, 15, 1, 1, 0, 10);
        queue.run();
        assertEquals(BlockStatus.OK, tier.free(1, 1));
        engine.completeOldest(4096);
        queue.run();
        final Reply stale = reply();
        assertEquals(15, stale.correlationId);
        assertEquals(ErrorCode.STALE_BLOCK, stale.error);
        assertEquals(0, staging.inUse());
    }

    @Test
    void shouldHoldRequestsBeyondTheQueueDepthAndTimeThemOutIfTheDeviceStalls() throws InterruptedException
    {
        write(21, 1, 0, bytes(100, 4));
        write(22, 2, 0, bytes(100, 5));
        write(23, 3, 0, bytes(100, 6));
        queue.run();
        assertEquals(2, engine.submitted().size(), "queue depth 2: the third waits");
        engine.completeOldest(4096);
        queue.run();
        assertEquals(21, reply().correlationId);
        assertEquals(2, engine.submitted().size(), "the waiting write moved into the freed place");
        engine.completeOldest(4096);
        engine.completeOldest(4096);
        queue.run();
        assertEquals(22, reply().correlationId);
        assertEquals(23, reply().correlationId);

        queue.close();
        openQueue(TimeUnit.MILLISECONDS.toNanos(50));
        write(24, 4, 0, bytes(100, 7));
        write(25, 5, 0, bytes(100, 8));
        write(26, 6, 0, bytes(100, 9));
        queue.run();
        clock.advance(TimeUnit.MILLISECONDS.toNanos(49));
        queue.run();
        assertEquals(3, staging.inUse(), "49 ms in the backlog: the third write still waits");
        clock.advance(TimeUnit.MILLISECONDS.toNanos(2));
        queue.run();
        final Reply late = reply();
        assertEquals(26, late.correlationId);
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, late.error);
        assertTrue(late.message.contains("queue full for 50 ms"), late.message);
        assertEquals(2, staging.inUse(), "the two requests on the device keep their buffers");
    }

    @Test
    void shouldRefuseWhenEveryStagingBufferIsBusyOrTheEngineRefuses()
    {
        for (int i = 0; i < SLOTS; i++)
        {
            write(30 + i, i, 0, bytes(10, i));
        }
        final ServiceUnavailableException busy = assertThrows(ServiceUnavailableException.class,
            () -> write(40, 7, 0, bytes(10, 8)));
        assertTrue(busy.getMessage().contains("all " + SLOTS + " staging buffers"), busy.getMessage());
        for (int i = 0; i < SLOTS; i++)
        {
            queue.run();
            engine.completeOldest(4096);
            queue.run();
            assertNull(reply().error);
        }
        assertEquals(0, staging.inUse());

        final InvalidArgumentException outside = assertThrows(InvalidArgumentException.class,
            () -> write(41, BLOCKS - 1, 0, bytes(10, 9)));
        assertTrue(outside.getMessage().contains("range outside the file"), outside.getMessage());
        assertEquals(0, staging.inUse());
    }

    private void write(final long correlationId, final long blockId, final int offset, final byte[] data)
    {
        assertEquals(BlockStatus.OK, tier.beginWrite(blockId, 1, offset, data.length));
        queue.write(connection, correlationId, blockId, offset, data.length, new UnsafeBuffer(data), 0);
    }

    private Reply reply()
    {
        final ByteBuf frame = channel.readOutbound();
        assertNotNull(frame, "an answer");
        try
        {
            final MessageReader reader = new MessageReader().wrapFrame(frame);
            final Reply reply = new Reply(reader.header().opcode(), reader.header().correlationId());
            if (reader.header().isError())
            {
                reply.error = ErrorCode.of(reader.getShort());
                reply.message = reader.getString();
            }
            else if (Opcodes.READ_BLOCK == reply.opcode)
            {
                reply.data = new byte[reader.getInt()];
                reader.buffer().getBytes(reader.position(), reply.data);
            }
            return reply;
        }
        finally
        {
            frame.release();
        }
    }

    private static byte[] bytes(final int length, final long seed)
    {
        final byte[] data = new byte[length];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)random.nextInt(256);
        }
        return data;
    }

    /** A decoded answer. */
    private static final class Reply
    {
        final int opcode;
        final long correlationId;
        ErrorCode error;
        String message;
        byte[] data;

        Reply(final int opcode, final long correlationId)
        {
            this.opcode = opcode;
            this.correlationId = correlationId;
        }
    }
}
