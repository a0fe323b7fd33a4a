package io.pocket.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.client.ProtocolException;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.ControllerMessages.JobInfo;
import io.pocket.protocol.ControllerMessages.HeldJob;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ControllerMessages.RegisterMetadata;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.ServerBack;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.ControllerMessages.TierUsage;
import io.pocket.protocol.MetadataMessages.AddCapacity;
import io.pocket.protocol.MetadataMessages.Allocation;
import io.pocket.protocol.MetadataMessages.AllocateBlocks;
import io.pocket.protocol.MetadataMessages.CreateJob;
import io.pocket.protocol.MetadataMessages.CreateObject;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.MetadataMessages.Listing;
import io.pocket.protocol.MetadataMessages.NameRequest;
import io.pocket.protocol.MetadataMessages.ObjectLocation;
import io.pocket.protocol.MetadataMessages.PutInline;
import io.pocket.protocol.MetadataMessages.SealObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Round trips of every message codec, and every way a frame can be malformed. */
class CodecTest
{
    private final MessageWriter writer = new MessageWriter();
    private final MessageReader reader = new MessageReader();
    private ByteBuf buf;

    @AfterEach
    void release()
    {
        if (buf != null && buf.refCnt() > 0)
        {
            buf.release();
        }
    }

    private ByteBuf frame(final int opcode, final Consumer<MessageWriter> body)
    {
        buf = Unpooled.directBuffer(16);
        writer.wrap(buf);
        body.accept(writer);
        return writer.finish(opcode, 0, 42L);
    }

    private <T> T roundTrip(final int opcode, final Consumer<MessageWriter> body, final Function<MessageReader, T> decode)
    {
        final ByteBuf f = frame(opcode, body);
        reader.wrapFrame(f);
        assertEquals(f.readableBytes(), reader.header().frameLength());
        assertEquals(opcode, reader.header().opcode());
        assertEquals(42L, reader.header().correlationId());
        return decode.apply(reader);
    }

    private static final BlockRef REF = new BlockRef(7, 1, 123_456_789_012L, 99L, 0xABCDEF0123L);

    @Test
    void controllerMessagesRoundTrip()
    {
        final Hello hello = new Hello(Hello.MAGIC, Hello.VERSION);
        assertEquals(hello, roundTrip(Opcodes.HELLO, hello::encode, Hello::decode));

        final RegisterJob rj = new RegisterJob("sort", 16, 1L << 30, 500L << 20, false);
        assertEquals(rj, roundTrip(Opcodes.REGISTER_JOB, rj::encode, RegisterJob::decode));

        final JobInfo ji = new JobInfo("sort-1", "sort", "localhost:4322",
            List.of(new WeightEntry(1, 0.5), new WeightEntry(2, 0.5)));
        assertEquals(ji, roundTrip(Opcodes.REGISTER_JOB, ji::encode, JobInfo::decode));

        final RegisterStorage rs = new RegisterStorage("10.0.0.1", 5000, true, 0x1234_5678_9abcL, 7, 0b10,
            List.of(new TierCapacity(0, 65536, 16384), new TierCapacity(1, 65536, 1 << 20)));
        assertEquals(rs, roundTrip(Opcodes.REGISTER_STORAGE, rs::encode, RegisterStorage::decode));

        final RegisterMetadata rm = new RegisterMetadata("m:1", List.of(3, 9), List.of(
            new HeldJob(new JobWeights("sort-3", List.of(new WeightEntry(9, 1.0)), List.of(1, 0)), rj, false),
            new HeldJob(new JobWeights("etl-2", List.of()), new RegisterJob("etl", 0, 0, 0, true), true)));
        assertEquals(rm, roundTrip(Opcodes.REGISTER_METADATA, rm::encode, RegisterMetadata::decode));

        final ServerBack back = new ServerBack(4, 0b10);
        assertEquals(back, roundTrip(Opcodes.SERVER_BACK, back::encode, ServerBack::decode));
        assertTrue(back.kept(1) && !back.kept(0) && new ServerBack(4, ServerBack.ALL_TIERS).kept(2));

        final StorageRegistered sr = new StorageRegistered(3, 1000, List.of("a:1", "b:2"));
        assertEquals(sr, roundTrip(Opcodes.REGISTER_STORAGE, sr::encode, StorageRegistered::decode));
        final StorageRegistered resumed = new StorageRegistered(3, 1000, List.of("a:1"), true);
        assertEquals(resumed, roundTrip(Opcodes.REGISTER_STORAGE, resumed::encode, StorageRegistered::decode));

        final StorageHeartbeat hb = new StorageHeartbeat(3, 0.25, 1000, 2000, List.of(new TierUsage(0, 65536, 10, 20)));
        assertEquals(hb, roundTrip(Opcodes.STORAGE_HEARTBEAT, hb::encode, StorageHeartbeat::decode));

        final ClusterStatus cs = new ClusterStatus(List.of("m:1"),
            List.of(new ServerStatus(1, "s:2", true, false, 0.5, 1, 2, List.of(new TierUsage(0, 4096, 1, 2))),
                new ServerStatus(2, "s:3", true, true, 0.1, 3, 4, List.of(), true, 2500)),
            List.of(new JobStatus("j-1", "j", "m:1")));
        assertEquals(cs, roundTrip(Opcodes.CLUSTER_STATUS, cs::encode, ClusterStatus::decode));
    }

    @Test
    void metadataMessagesRoundTrip()
    {
        final JobWeights jw = new JobWeights("j-1", List.of(new WeightEntry(4, 1.0)));
        assertEquals(jw, roundTrip(Opcodes.SET_WEIGHTS, jw::encode, JobWeights::decode));
        final CreateJob cj = new CreateJob(jw, new RegisterJob("sort", 16, 1L << 30, 0, false));
        assertEquals(cj, roundTrip(Opcodes.CREATE_JOB, cj::encode, CreateJob::decode));

        final AddCapacity ac = new AddCapacity(4, "h", 9, true, 0, 65536, 100, 200);
        assertEquals(ac, roundTrip(Opcodes.ADD_CAPACITY, ac::encode, AddCapacity::decode));

        final CreateObject co = new CreateObject("j-1", "b/\u00e9t\u00e9", MetadataMessages.FLAG_PERSIST, 8);
        assertEquals(co, roundTrip(Opcodes.CREATE_OBJECT, co::encode, CreateObject::decode));

        final AllocateBlocks ab = new AllocateBlocks("j-1", 77, 3);
        assertEquals(ab, roundTrip(Opcodes.ALLOCATE_BLOCKS, ab::encode, AllocateBlocks::decode));

        final Allocation al = new Allocation(77, 65536, List.of(REF, new BlockRef(1, 0, 0, 1, 0)));
        assertEquals(al, roundTrip(Opcodes.CREATE_OBJECT, al::encode, Allocation::decode));

        final SealObject so = new SealObject("j-1", 77, 1L << 40);
        assertEquals(so, roundTrip(Opcodes.SEAL_OBJECT, so::encode, SealObject::decode));

        final NameRequest nr = new NameRequest("j-1", "b/o", MetadataMessages.FLAG_DELETE);
        assertEquals(nr, roundTrip(Opcodes.LOOKUP, nr::encode, NameRequest::decode));

        final ObjectLocation ol = new ObjectLocation(65537, true, 65536, 5, List.of(REF, REF));
        assertEquals(ol, roundTrip(Opcodes.LOOKUP, ol::encode, ObjectLocation::decode));

        final ObjectLocation inline = roundTrip(Opcodes.LOOKUP,
            new ObjectLocation(3, false, 65536, 0, List.of(), new byte[] {7, 8, 9})::encode, ObjectLocation::decode);
        assertArrayEquals(new byte[] {7, 8, 9}, inline.inline());
        assertEquals(3, inline.size());
        final ObjectLocation empty = roundTrip(Opcodes.LOOKUP,
            new ObjectLocation(0, false, 65536, 0, List.of(), new byte[0])::encode, ObjectLocation::decode);
        assertTrue(empty.isInline());
        assertThrows(ProtocolException.class, () -> roundTrip(Opcodes.LOOKUP,
            new ObjectLocation(4, false, 65536, 0, List.of(), new byte[] {1, 2, 3})::encode, ObjectLocation::decode),
            "inline bytes must match the size");

        final PutInline pi = new PutInline("j-1", "b/o", MetadataMessages.FLAG_PERSIST);
        assertEquals(pi, roundTrip(Opcodes.PUT_INLINE, w ->
        {
            pi.encode(w);
            w.putByte(42);
        }, r ->
        {
            final PutInline head = PutInline.decodeHead(r);
            assertEquals(1, r.remaining(), "the object's bytes follow the head");
            r.skip(1);
            r.end();
            return head;
        }));

        final List<Listing> ls = List.of(new Listing("b/a", 1, false), new Listing("b/c", 0, true));
        assertEquals(ls, roundTrip(Opcodes.ENUMERATE, w -> Listing.writeList(w, ls), Listing::readList));
    }

    @Test
    void blockIoFlyweightRoundTrip()
    {
        final ByteBuf f = frame(Opcodes.READ_BLOCK, w -> BlockIoFlyweight.write(w, REF, 4096, 512));
        reader.wrapFrame(f);
        assertEquals(FrameHeader.HEADER_LENGTH + BlockIoFlyweight.LENGTH, reader.header().frameLength());
        final BlockIoFlyweight io = new BlockIoFlyweight().wrap(reader.buffer(), reader.position());
        assertEquals(REF, io.ref().toValue());
        assertEquals(4096, io.blockOffset());
        assertEquals(512, io.length());
    }

    @Test
    void writerGrowsPastInitialCapacity()
    {
        final String big = "x".repeat(60_000);
        final ByteBuf f = frame(Opcodes.LOOKUP, w ->
        {
            for (int i = 0; i < 10; i++)
            {
                w.putString(big);
            }
        });
        reader.wrapFrame(f);
        for (int i = 0; i < 10; i++)
        {
            assertEquals(big, reader.getString());
        }
        reader.end();
    }

    @Test
    void everyTruncationOfEveryMessageIsRejected()
    {
        final ObjectLocation ol = new ObjectLocation(65537, true, 65536, 5, List.of(REF, REF));
        final ByteBuf whole = frame(Opcodes.LOOKUP, ol::encode);
        final int length = whole.readableBytes();
        for (int cut = FrameHeader.HEADER_LENGTH; cut < length; cut++)
        {
            final ByteBuf part = whole.slice(0, cut);
            reader.wrapFrame(part);
            assertThrows(ProtocolException.class, () -> ObjectLocation.decode(reader), "cut at " + cut);
        }
    }

    @Test
    void trailingBytesAreRejected()
    {
        final ByteBuf f = frame(Opcodes.ALLOCATE_BLOCKS, w -> new AllocateBlocks("j", 1, 1).encode(w.putInt(0)));
        reader.wrapFrame(f);
        assertThrows(ProtocolException.class, () -> AllocateBlocks.decode(reader));
    }

    @Test
    void frameShorterThanHeaderIsRejected()
    {
        buf = Unpooled.directBuffer(8).writeZero(8);
        assertThrows(ProtocolException.class, () -> reader.wrapFrame(buf));
    }

    @Test
    void hostileListCountsAreRejected()
    {
        for (final int count : new int[]{-1, Integer.MAX_VALUE, 3})
        {
            final ByteBuf f = frame(Opcodes.LOOKUP, w -> w.putLong(1).putBoolean(false).putInt(65536).putLong(0)
                .putInt(count).putLong(0));
            reader.wrapFrame(f);
            final ProtocolException ex = assertThrows(ProtocolException.class, () -> ObjectLocation.decode(reader));
            assertTrue(ex.getMessage().contains("count"), ex.getMessage());
            f.release();
        }
    }

    @Test
    void hostileStringLengthIsRejected()
    {
        final ByteBuf f = frame(Opcodes.ATTACH_JOB, w -> w.putShort(0xFFFF).putInt(1));
        reader.wrapFrame(f);
        assertThrows(ProtocolException.class, reader::getString);
    }

    @Test
    void garbageNeverEscapesAsAnotherException()
    {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        final List<Function<MessageReader, ?>> decoders = List.of(Hello::decode, RegisterJob::decode, JobInfo::decode,
            RegisterStorage::decode, StorageRegistered::decode, StorageHeartbeat::decode, ClusterStatus::decode,
            JobWeights::decode, AddCapacity::decode, CreateObject::decode, AllocateBlocks::decode, Allocation::decode,
            SealObject::decode, NameRequest::decode, ObjectLocation::decode, Listing::readList);
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] junk = new byte[random.nextInt(0, 96)];
            random.nextBytes(junk);
            final ByteBuf f = frame(Opcodes.LOOKUP, w ->
            {
                for (final byte b : junk)
                {
                    w.putByte(b);
                }
            });
            for (final Function<MessageReader, ?> decoder : decoders)
            {
                reader.wrapFrame(f);
                try
                {
                    decoder.apply(reader);
                }
                catch (final ProtocolException expected)
                {
                    // the only failure garbage may cause
                }
            }
            f.release();
        }
    }

    @Test
    void errorCodesMapToTypedExceptions()
    {
        for (final ErrorCode code : ErrorCode.values())
        {
            assertEquals(code, ErrorCode.of(code.code()));
            assertEquals(code == ErrorCode.STALE_BLOCK || code == ErrorCode.UNKNOWN_SERVER ? code : code,
                code.toException("m").code());
        }
        assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.of(999));
        assertTrue(ErrorCode.OBJECT_NOT_FOUND.toException("x") instanceof io.pocket.client.ObjectNotFoundException);
        assertTrue(ErrorCode.PROTOCOL_ERROR.toException("x") instanceof ProtocolException);
    }
}
