package io.pocket.protocol;

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

    private MetadataMessages()
    {
    }

    /** CREATE_JOB and SET_WEIGHTS request (controller to metadata server). */
    public record JobWeights(String jobId, List<WeightEntry> weights)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(jobId);
            WeightEntry.writeList(w, weights);
        }

        public static JobWeights decode(final MessageReader r)
        {
            final JobWeights m = new JobWeights(r.getString(), WeightEntry.readList(r));
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

    /** Response to LOOKUP: size, persistence, block size, the read token for RELEASE (0 without DELETE) and the blocks. */
    public record ObjectLocation(long size, boolean persistent, int blockSize, long readToken, List<BlockRef> blocks)
    {
        public void encode(final MessageWriter w)
        {
            w.putLong(size).putBoolean(persistent).putInt(blockSize).putLong(readToken);
            BlockRefs.writeList(w, blocks);
        }

        public static ObjectLocation decode(final MessageReader r)
        {
            final ObjectLocation m = new ObjectLocation(r.getLong(), r.getBoolean(), r.getInt(), r.getLong(), BlockRefs.readList(r));
            r.end();
            return m;
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
