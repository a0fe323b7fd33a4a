package io.pocket.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.MetadataMessages.ObjectLocation;
import io.pocket.protocol.Opcodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The wire codec on the hot paths: a LOOKUP response ({@link ObjectLocation} with 16 block references,
 * a 1 MiB object in 64 KiB blocks) encoded with {@link MessageWriter} and decoded with
 * {@link MessageReader}, and the READ_BLOCK / WRITE_BLOCK body ({@link BlockIoFlyweight}), all over one
 * reused direct Netty buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark
{
    private static final int REFS = 16;
    private static final int BLOCK_SIZE = 64 * 1024;

    private final MessageWriter writer = new MessageWriter();
    private final MessageReader reader = new MessageReader();
    private final BlockIoFlyweight blockIo = new BlockIoFlyweight();
    private ByteBuf encodeBuffer;
    private ByteBuf lookupFrame;
    private ByteBuf blockIoFrame;
    private ObjectLocation location;
    private BlockRef blockRef;
    private long correlationId;

    @Setup
    public void setUp()
    {
        final List<BlockRef> refs = new ArrayList<>(REFS);
        for (int i = 0; i < REFS; i++)
        {
            refs.add(new BlockRef(i % 4, 0, 1000L + i * 7L, 3L + i, 0L));
        }
        location = new ObjectLocation((long)REFS * BLOCK_SIZE, false, BLOCK_SIZE, 0L, List.copyOf(refs));
        blockRef = refs.get(5);
        encodeBuffer = Unpooled.directBuffer(4096);
        lookupFrame = Unpooled.directBuffer(4096);
        writer.wrap(lookupFrame);
        location.encode(writer);
        writer.finish(Opcodes.LOOKUP, FrameHeader.FLAG_RESPONSE, 1L);
        blockIoFrame = Unpooled.directBuffer(256);
        writer.wrap(blockIoFrame);
        BlockIoFlyweight.write(writer, blockRef, 0, BLOCK_SIZE);
        writer.finish(Opcodes.READ_BLOCK, 0, 2L);
    }

    @TearDown
    public void tearDown()
    {
        encodeBuffer.release();
        lookupFrame.release();
        blockIoFrame.release();
    }

    /** Encodes a LOOKUP response frame. */
    @Benchmark
    public int encodeObjectLocation()
    {
        encodeBuffer.clear();
        writer.wrap(encodeBuffer);
        location.encode(writer);
        return writer.finish(Opcodes.LOOKUP, FrameHeader.FLAG_RESPONSE, ++correlationId).writerIndex();
    }

    /** Decodes a LOOKUP response frame into values, as the client does. */
    @Benchmark
    public ObjectLocation decodeObjectLocation()
    {
        reader.wrapFrame(lookupFrame);
        return ObjectLocation.decode(reader);
    }

    /** Encodes then decodes a LOOKUP response frame. */
    @Benchmark
    public ObjectLocation roundTripObjectLocation()
    {
        encodeBuffer.clear();
        writer.wrap(encodeBuffer);
        location.encode(writer);
        writer.finish(Opcodes.LOOKUP, FrameHeader.FLAG_RESPONSE, ++correlationId);
        reader.wrapFrame(encodeBuffer);
        return ObjectLocation.decode(reader);
    }

    /** Encodes a READ_BLOCK request frame. */
    @Benchmark
    public int encodeBlockIo()
    {
        encodeBuffer.clear();
        writer.wrap(encodeBuffer);
        BlockIoFlyweight.write(writer, blockRef, 0, BLOCK_SIZE);
        return writer.finish(Opcodes.READ_BLOCK, 0, ++correlationId).writerIndex();
    }

    /** Reads a READ_BLOCK request through the flyweight, as the storage server does: no allocation. */
    @Benchmark
    public long decodeBlockIo()
    {
        reader.wrapFrame(blockIoFrame);
        blockIo.wrap(reader.buffer(), reader.position());
        return blockIo.ref().serverId() + blockIo.ref().blockId() + blockIo.ref().generation() +
            blockIo.blockOffset() + blockIo.length();
    }
}
