package io.pocket.client;

import io.pocket.protocol.BlockRefFlyweight;
import io.pocket.protocol.MetadataMessages;
import io.pocket.protocol.MetadataMessages.Listing;
import io.pocket.protocol.MetadataMessages.NameRequest;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ResponseDecoder;

import java.util.ArrayList;
import java.util.List;

/** The namespace calls of {@link Job} that touch only the metadata server. */
final class ObjectMetadata
{
    private ObjectMetadata()
    {
    }

    /** LOOKUP with FLAG_INFO_ONLY: the server leaves out the block list and inline bytes; whatever it sends is skipped. */
    static ObjectInfo lookup(final JobSession session, final String name)
    {
        return session.callMetadata(Opcodes.LOOKUP, w -> new NameRequest(session.jobId(), name, MetadataMessages.FLAG_INFO_ONLY).encode(w), r ->
        {
            final long size = r.getLong();
            final boolean persistent = r.getBoolean();
            r.getInt();
            r.getLong();
            final int blocks = r.getCount(BlockRefFlyweight.LENGTH);
            r.skip(blocks * BlockRefFlyweight.LENGTH);
            if (r.getBoolean())
            {
                r.skip(r.remaining());
            }
            r.end();
            return new ObjectInfo(name, size, persistent);
        });
    }

    static void delete(final JobSession session, final String name)
    {
        nameCall(session, Opcodes.DELETE_OBJECT, name);
    }

    static void createBucket(final JobSession session, final String bucket)
    {
        nameCall(session, Opcodes.CREATE_BUCKET, bucket);
    }

    static void deleteBucket(final JobSession session, final String bucket)
    {
        nameCall(session, Opcodes.DELETE_BUCKET, bucket);
    }

    /** ENUMERATE, with every name made full ({@code bucket/object}, or {@code object} at the top level). */
    static List<ObjectInfo> enumerate(final JobSession session, final String bucket)
    {
        final List<Listing> listings = session.callMetadata(Opcodes.ENUMERATE,
            w -> new NameRequest(session.jobId(), bucket, 0).encode(w), Listing::readList);
        final List<ObjectInfo> infos = new ArrayList<>(listings.size());
        for (final Listing listing : listings)
        {
            infos.add(new ObjectInfo(Names.fullName(bucket, listing.name()), listing.size(), listing.persistent()));
        }
        return infos;
    }

    private static void nameCall(final JobSession session, final int opcode, final String name)
    {
        session.callMetadata(opcode, w -> new NameRequest(session.jobId(), name, 0).encode(w), ResponseDecoder.EMPTY);
    }
}
