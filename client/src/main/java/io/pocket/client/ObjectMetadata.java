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
     * @throws ObjectNotFoundException for the first missing name in list order, once all answers are read
     */
    static List<ObjectInfo> lookupAll(final JobSession session, final List<String> names)
    {
        final int count = names.size();
        if (count == 0)
        {
            return List.of();
        }
        final ObjectInfo[] infos = new ObjectInfo[count];
        final long[] ids = new long[count];
        int sent = 0;
        int answered = 0;
        int missing = 0;
        ObjectNotFoundException firstMissing = null;
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
                    final MessageReader head = connection.receiveHead(Opcodes.LOOKUP, 0);
                    final long id = head.header().correlationId();
                    // A connection's correlation ids rise with every request, so ids[] is sorted.
                    final int index = Arrays.binarySearch(ids, 0, sent, id);
                    if (index < 0 || infos[index] != null)
                    {
                        throw new ProtocolException("LOOKUP answer " + id + " from " + session.metadataAddress() +
                            (index < 0 ? " to no request sent" : " came twice"));
                    }
                    infos[index] = readInfo(connection.receiveRest(), names.get(index));
                }
                catch (final ObjectNotFoundException ex)
                {
                    // The error frame was read whole and names no request: the missing names are those left unanswered.
                    missing++;
                    firstMissing = firstMissing == null ? ex : firstMissing;
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
            throw missingInBatch(session, names, infos, missing, firstMissing);
        }
        return List.of(infos);
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

    private static ObjectNotFoundException missingInBatch(final JobSession session, final List<String> names,
        final ObjectInfo[] infos, final int missing, final ObjectNotFoundException firstReceived)
    {
        int first = 0;
        while (first < infos.length - 1 && infos[first] != null)
        {
            first++;
        }
        return new ObjectNotFoundException("no object " + names.get(first) + " in job " + session.jobId() + " (" +
            missing + " of " + names.size() + " names of the batch missing)", firstReceived);
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
