package io.pocket.protocol;

import io.pocket.client.ProtocolException;

import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the metadata server's messages. Messages that carry only a job id, a name or a
 * number are encoded inline by their callers (see {@code docs/protocol.md}).
 */
public final class MetadataMessages
{
    /** CREATE_OBJECT flag: keep the object on always-on servers beyond its job. */
    public static final int FLAG_PERSIST = 0x1;
    /** LOOKUP flag: take the object out of the namespace; free it on RELEASE. */
    public static final int FLAG_DELETE = 0x2;
    /**
     * LOOKUP flag: only the size and persistence are wanted; the answer carries no block list and no
     * inline bytes (block count 0, inline 0). Not combined with FLAG_DELETE.
     */
    public static final int FLAG_INFO_ONLY = 0x4;

    private MetadataMessages()
    {
    }

    /**
     * SET_WEIGHTS request, and the first part of CREATE_JOB (controller to metadata server): the job's weight map and
     * its tier placement, the tier codes its blocks may go to in order of preference (a later tier
     * is used only when no server of the map has room in the earlier ones); empty = any tier.
     */
    public record JobWeights(String jobId, List<WeightEntry> weights, List<Integer> tiers)
    {
        /** Weights with no tier preference (any tier). */
        public JobWeights(final String jobId, final List<WeightEntry> weights)
        {
            this(jobId, weights, List.of());
        }

        public void encode(final MessageWriter w)
        {
            write(w);
        }

        /** Writes the fields; also used inside REGISTER_METADATA. */
        public void write(final MessageWriter w)
        {
            w.putString(jobId);
            WeightEntry.writeList(w, weights);
            w.putInt(tiers.size());
            for (final int tier : tiers)
            {
                w.putByte(tier);
            }
        }

        public static JobWeights decode(final MessageReader r)
        {
            final JobWeights m = read(r);
            r.end();
            return m;
        }

        /** Reads the fields, leaving the reader after them. */
        public static JobWeights read(final MessageReader r)
        {
            final String jobId = r.getString();
            final List<WeightEntry> weights = WeightEntry.readList(r);
            final int n = r.getCount(1);
            final List<Integer> tiers = new ArrayList<>(n);
            for (int i = 0; i < n; i++)
            {
                tiers.add(r.getByte());
            }
            return new JobWeights(jobId, weights, tiers);
        }
    }

    /**
     * CREATE_JOB request (controller to metadata server): the job's placement, then the hints it registered with, which
     * the metadata server keeps for a controller that restarts (REGISTER_METADATA).
     */
    public record CreateJob(JobWeights placement, ControllerMessages.RegisterJob hints)
    {
        public void encode(final MessageWriter w)
        {
            placement.write(w);
            hints.encode(w);
        }

        public static CreateJob decode(final MessageReader r)
        {
            final CreateJob m = new CreateJob(JobWeights.read(r), ControllerMessages.RegisterJob.read(r));
            r.end();
            return m;
        }
    }

    /** ADD_CAPACITY request: a storage server offers a range of its blocks of one tier. */
    public record AddCapacity(int serverId, String host, int port, boolean alwaysOn, int tier, int blockSize,
        long firstBlockId, long blockCount)
    {
        public void encode(final MessageWriter w)
        {
            w.putInt(serverId).putString(host).putInt(port).putBoolean(alwaysOn).putInt(tier).putInt(blockSize)
                .putLong(firstBlockId).putLong(blockCount);
        }

        public static AddCapacity decode(final MessageReader r)
        {
            final AddCapacity m = new AddCapacity(r.getInt(), r.getString(), r.getInt(), r.getBoolean(), r.getInt(),
                r.getInt(), r.getLong(), r.getLong());
            r.end();
            return m;
        }
    }

    /** CREATE_OBJECT request: reserve a name and allocate the first blocks. */
    public record CreateObject(String jobId, String name, int flags, int blocksWanted)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(jobId).putString(name).putInt(flags).putInt(blocksWanted);
        }

        public static CreateObject decode(final MessageReader r)
        {
            final CreateObject m = new CreateObject(r.getString(), r.getString(), r.getInt(), r.getInt());
            r.end();
            return m;
        }
    }

    /** ALLOCATE_BLOCKS request: more blocks for an unsealed object. */
    public record AllocateBlocks(String jobId, long writeId, int count)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(jobId).putLong(writeId).putInt(count);
        }

        public static AllocateBlocks decode(final MessageReader r)
        {
            final AllocateBlocks m = new AllocateBlocks(r.getString(), r.getLong(), r.getInt());
            r.end();
            return m;
        }
    }

    /** Response to CREATE_OBJECT and ALLOCATE_BLOCKS. */
    public record Allocation(long writeId, int blockSize, List<BlockRef> blocks)
    {
        public void encode(final MessageWriter w)
        {
            w.putLong(writeId).putInt(blockSize);
            BlockRefs.writeList(w, blocks);
        }

        public static Allocation decode(final MessageReader r)
        {
            final Allocation m = new Allocation(r.getLong(), r.getInt(), BlockRefs.readList(r));
            r.end();
            return m;
        }
    }

    /** SEAL_OBJECT request (size in bytes) and ABORT_OBJECT request (size ignored, sent as -1). */
    public record SealObject(String jobId, long writeId, long size)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(jobId).putLong(writeId).putLong(size);
        }

        public static SealObject decode(final MessageReader r)
        {
            final SealObject m = new SealObject(r.getString(), r.getLong(), r.getLong());
            r.end();
            return m;
        }
    }

    /** LOOKUP request; also DELETE_OBJECT, CREATE_BUCKET, DELETE_BUCKET, ENUMERATE (flags 0). */
    public record NameRequest(String jobId, String name, int flags)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(jobId).putString(name).putInt(flags);
        }

        public static NameRequest decode(final MessageReader r)
        {
            final NameRequest m = new NameRequest(r.getString(), r.getString(), r.getInt());
            r.end();
            return m;
        }
    }

    /**
     * PUT_INLINE request head: the object's bytes follow it to the end of the frame. The answer is
     * {@code u8 stored}: 1 if the object was created, sealed and stored on the metadata server, 0 if
     * it does not fit there (larger than its inline limit, or its inline budget is spent) and must
     * be put through blocks. Naming errors are the same as CREATE_OBJECT's.
     */
    public record PutInline(String jobId, String name, int flags)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(jobId).putString(name).putInt(flags);
        }

        /** Decodes the head; the reader is left at the first byte of the object. */
        public static PutInline decodeHead(final MessageReader r)
        {
            return new PutInline(r.getString(), r.getString(), r.getInt());
        }
    }

    /**
     * Response to LOOKUP: size, persistence, block size, the read token for RELEASE (0 without
     * DELETE), the blocks, then {@code u8 inline}: 1 if the object is stored on the metadata server,
     * its {@code size} bytes following to the end of the frame (no blocks, no RELEASE needed).
     *
     * @param inline the object's bytes when it is stored inline, else null
     */
    public record ObjectLocation(long size, boolean persistent, int blockSize, long readToken, List<BlockRef> blocks,
        byte[] inline)
    {
        /** A location of an object stored in blocks. */
        public ObjectLocation(final long size, final boolean persistent, final int blockSize, final long readToken,
            final List<BlockRef> blocks)
        {
            this(size, persistent, blockSize, readToken, blocks, null);
        }

        public boolean isInline()
        {
            return inline != null;
        }

        public void encode(final MessageWriter w)
        {
            w.putLong(size).putBoolean(persistent).putInt(blockSize).putLong(readToken);
            BlockRefs.writeList(w, blocks);
            w.putBoolean(inline != null);
            if (inline != null)
            {
                w.ensure(inline.length);
                w.buffer().putBytes(w.position(), inline);
                w.skip(inline.length);
            }
        }

        public static ObjectLocation decode(final MessageReader r)
        {
            final long size = r.getLong();
            final boolean persistent = r.getBoolean();
            final int blockSize = r.getInt();
            final long readToken = r.getLong();
            final List<BlockRef> blocks = BlockRefs.readList(r);
            byte[] inline = null;
            if (r.getBoolean())
            {
                if (size != r.remaining() || !blocks.isEmpty())
                {
                    throw new ProtocolException("inline object of " + size + " bytes sent with " +
                        r.remaining() + " bytes and " + blocks.size() + " blocks");
                }
                inline = new byte[(int)size];
                r.buffer().getBytes(r.position(), inline);
                r.skip((int)size);
            }
            r.end();
            return new ObjectLocation(size, persistent, blockSize, readToken, blocks, inline);
        }
    }

    /** One entry of an ENUMERATE response. */
    public record Listing(String name, long size, boolean persistent)
    {
        public static void writeList(final MessageWriter w, final List<Listing> listings)
        {
            w.putInt(listings.size());
            for (final Listing l : listings)
            {
                w.putString(l.name).putLong(l.size).putBoolean(l.persistent);
            }
        }

        public static List<Listing> readList(final MessageReader r)
        {
            final int n = r.getCount(11);
            final List<Listing> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++)
            {
                list.add(new Listing(r.getString(), r.getLong(), r.getBoolean()));
            }
            r.end();
            return list;
        }
    }
}
