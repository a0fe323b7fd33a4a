package io.pocket.client;

import io.pocket.protocol.BlockRefFlyweight;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MetadataMessages;
import io.pocket.protocol.MetadataMessages.Listing;
import io.pocket.protocol.MetadataMessages.NameRequest;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnection;
import io.pocket.transport.ResponseDecoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The namespace calls of {@link Job} that touch only the metadata server. */
final class ObjectMetadata
{
    private ObjectMetadata()
    {
    }

    /**
     * LOOKUP requests pipelined over one connection: at most this many sent and not answered, so
     * the requests of one window fit the socket buffers whatever the batch size.
     */
    static final int LOOKUP_WINDOW = 64;

    /** LOOKUP with FLAG_INFO_ONLY: the server leaves out the block list and inline bytes; whatever it sends is skipped. */
    static ObjectInfo lookup(final JobSession session, final String name)
    {
        return session.callMetadata(Opcodes.LOOKUP, w -> lookupRequest(session, name).encode(w), r -> readInfo(r, name));
    }

    /**
     * The {@link #lookup} of every name, pipelined over one borrowed connection with at most
     * {@link #LOOKUP_WINDOW} in flight; answers are matched to names by correlation id. Every
     * answer is read even when some names are missing, so the connection goes back to the pool in
     * step; any error other than a missing object is thrown as it comes (the pool then closes the
     * connection, whose answers are still due).
     *
     * @throws ObjectNotFoundException for the first missing name in list order ("no object o in job J" or
     *                                 "no bucket b in job J", with how many were missing), once all answers are read
     */
    static List<ObjectInfo> lookupAll(final JobSession session, final List<String> names)
    {
        final int count = names.size();
        if (count == 0)
        {
            return List.of();
        }
        final ObjectInfo[] infos = new ObjectInfo[count];
        final ObjectNotFoundException[] failures = new ObjectNotFoundException[count];
        final long[] ids = new long[count];
        int sent = 0;
        int answered = 0;
        int missing = 0;
        final BlockingConnection connection = session.borrowMetadata();
        try
        {
            while (answered < count)
            {
                if (sent < count && sent - answered <= LOOKUP_WINDOW / 2)
                {
                    while (sent < count && sent - answered < LOOKUP_WINDOW)
                    {
                        lookupRequest(session, names.get(sent)).encode(connection.queue(Opcodes.LOOKUP));
                        ids[sent++] = connection.endQueued();
                    }
                    connection.flush();
                }
                try
                {
                    connection.receiveHead(Opcodes.LOOKUP, 0);
                    final int index = requestOf(session, ids, sent, connection.lastAnswerId(), infos, failures);
                    infos[index] = readInfo(connection.receiveRest(), names.get(index));
                }
                catch (final ObjectNotFoundException ex)
                {
                    // The error frame was read whole; its correlation id names the request (no object, no bucket).
                    failures[requestOf(session, ids, sent, connection.lastAnswerId(), infos, failures)] = ex;
                    missing++;
                }
                catch (final ProtocolException ex)
                {
                    connection.abort(ex.getMessage());
                    throw ex;
                }
                answered++;
            }
        }
        finally
        {
            session.giveBack(connection);
        }
        if (missing > 0)
        {
            throw missingInBatch(names.size(), failures, missing);
        }
        return List.of(infos);
    }

    /**
     * The index of the request an answer with correlation id {@code id} belongs to. A connection's
     * correlation ids rise with every request, so {@code ids[0..sent)} is sorted.
     *
     * @throws ProtocolException if it answers no request sent, or one already answered
     */
    private static int requestOf(final JobSession session, final long[] ids, final int sent, final long id,
        final ObjectInfo[] infos, final ObjectNotFoundException[] failures)
    {
        final int index = Arrays.binarySearch(ids, 0, sent, id);
        if (index < 0 || infos[index] != null || failures[index] != null)
        {
            throw new ProtocolException("LOOKUP answer " + id + " from " + session.metadataAddress() +
                (index < 0 ? " to no request sent" : " came twice"));
        }
        return index;
    }

    /** Decodes a LOOKUP answer as an {@link ObjectInfo}, skipping the block list and inline bytes if any. */
    private static ObjectInfo readInfo(final MessageReader r, final String name)
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
    }

    private static NameRequest lookupRequest(final JobSession session, final String name)
    {
        return new NameRequest(session.jobId(), name, MetadataMessages.FLAG_INFO_ONLY);
    }

    /** The failure of the first missing name in list order, its message saying how many of the batch were missing. */
    private static ObjectNotFoundException missingInBatch(final int count, final ObjectNotFoundException[] failures,
        final int missing)
    {
        int first = 0;
        while (failures[first] == null)
        {
            first++;
        }
        return new ObjectNotFoundException(failures[first].getMessage() + " (" + missing + " of " + count +
            " names of the batch missing)", failures[first]);
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
