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
    private final Map<Integer, StorageServer> serverById = new ConcurrentHashMap<>();

    /** The server's address, asking the job's metadata server once if it is not cached. */
    StorageServer resolve(final int serverId, final JobSession session)
    {
        final StorageServer cached = serverById.get(serverId);
        if (cached != null)
        {
            return cached;
        }
        final StorageServer fresh = session.callMetadata(Opcodes.SERVER_ADDRESS, w -> w.putInt(serverId), r ->
        {
            final String host = r.getString();
            final int port = r.getInt();
            r.end();
            return StorageServer.of(serverId, host, port);
        });
        final StorageServer raced = serverById.putIfAbsent(serverId, fresh);
        return raced != null ? raced : fresh;
    }

    /** A cached address, or null. */
    StorageServer cached(final int serverId)
    {
        return serverById.get(serverId);
    }
}
