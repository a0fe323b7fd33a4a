package io.pocket.client;

import io.pocket.protocol.Opcodes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cache of storage server addresses by server id, filled from SERVER_ADDRESS answers. Ids are
 * unique for the controller's lifetime, so entries never go stale; one directory serves every
 * job of a {@link PocketClient}.
 */
final class StorageDirectory
{
    private final Map<Integer, StorageAddress> serverById = new ConcurrentHashMap<>();

    /** The server's address, asking the job's metadata server once if it is not cached. */
    StorageAddress resolve(final int serverId, final JobSession session)
    {
        final StorageAddress cached = serverById.get(serverId);
        if (cached != null)
        {
            return cached;
        }
        final StorageAddress fresh = session.callMetadata(Opcodes.SERVER_ADDRESS, w -> w.putInt(serverId), r ->
        {
            final String host = r.getString();
            final int port = r.getInt();
            r.end();
            return StorageAddress.of(serverId, host, port);
        });
        final StorageAddress raced = serverById.putIfAbsent(serverId, fresh);
        return raced != null ? raced : fresh;
    }

    /** A cached address, or null. */
    StorageAddress cached(final int serverId)
    {
        return serverById.get(serverId);
    }
}
