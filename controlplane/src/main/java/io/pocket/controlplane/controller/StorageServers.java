package io.pocket.controlplane.controller;

import io.pocket.client.InvalidArgumentException;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierCapacity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of storage servers, by id. Ids start at 1 and are never given to another process: a
 * server that was declared lost stays dead (shown in status) until the same process (same
 * incarnation) registers again and is revived under its id; a restarted process registers under a
 * new id unless it kept blocks on a device. A controller that restarted learns the ids in use from
 * the metadata servers ({@link #heldByMetadata}) and adopts them when their servers register again. Dead servers
 * leave the registry once they have been dead for the retention time, and at most
 * {@link #MAX_DEAD_KEPT} are kept. Owned by the control loop; not thread-safe.
 */
final class StorageServers
{
    static final int MAX_DEAD_KEPT = 256;

    private final Map<Integer, StorageServerRecord> byId = new TreeMap<>();
    private final ArrayDeque<Integer> deadIds = new ArrayDeque<>();
    private final Set<Integer> heldByMetadata = new HashSet<>();
    private int nextId = 1;

    /** Validates a registration and adds the server under a fresh id. */
    StorageServerRecord register(final RegisterStorage request, final long awakeMs)
    {
        return add(nextId, request, awakeMs);
    }

    /**
     * Validates a registration and adds the server under the id it held before, which this registry does not know
     * (the controller restarted, or the server's dead entry has expired).
     */
    StorageServerRecord adopt(final int id, final RegisterStorage request, final long awakeMs)
    {
        if (byId.containsKey(id))
        {
            throw new IllegalStateException("storage server id " + id + " is taken");
        }
        return add(id, request, awakeMs);
    }

    private StorageServerRecord add(final int id, final RegisterStorage request, final long awakeMs)
    {
        final String address = validate(request);
        final StorageServerRecord server = new StorageServerRecord(id, address, request.alwaysOn(), request.incarnation(),
            request.tiers(), awakeMs);
        byId.put(id, server);
        heldByMetadata.add(id);
        nextId = Math.max(nextId, id + 1);
        return server;
    }

    /** Whether {@code request} registers the server {@code known} was: the same address and the same tiers. */
    boolean isSameServer(final StorageServerRecord known, final RegisterStorage request)
    {
        return known.address().equals(validate(request)) && known.capacity().equals(request.tiers());
    }

    /**
     * {@code known}'s process restarted and registers again under its id (with some tiers' blocks kept): a new record
     * with the new incarnation replaces the old, alive.
     */
    StorageServerRecord restarted(final StorageServerRecord known, final RegisterStorage request, final long awakeMs)
    {
        deadIds.remove(known.id());
        byId.remove(known.id());
        return add(known.id(), request, awakeMs);
    }

    /**
     * Ids a metadata server knows (the servers that offered it blocks, maybe under a controller that restarted since):
     * fresh ids start above them, and a registering server may claim one of them again ({@link #adopt}).
     */
    void heldByMetadata(final List<Integer> ids)
    {
        for (final int id : ids)
        {
            heldByMetadata.add(id);
            nextId = Math.max(nextId, id + 1);
        }
    }

    /** Whether a metadata server has blocks of the server {@code id}. */
    boolean isHeldByMetadata(final int id)
    {
        return heldByMetadata.contains(id);
    }

    private static String validate(final RegisterStorage request)
    {
        final String host = request.host();
        if (host == null || host.isBlank())
        {
            throw new InvalidArgumentException("storage server host must not be empty");
        }
        if (request.port() < 1 || request.port() > 65535)
        {
            throw new InvalidArgumentException("storage server port must be 1..65535, got " + request.port());
        }
        if (request.tiers().isEmpty())
        {
            throw new InvalidArgumentException("storage server " + host + ":" + request.port() + " offers no tier");
        }
        for (final TierCapacity t : request.tiers())
        {
            if (t.tier() < 0 || t.blockSize() <= 0 || t.blockCount() < 0)
            {
                throw new InvalidArgumentException("storage server " + host + ":" + request.port() +
                    ": bad tier " + t.tier() + " (block size " + t.blockSize() + ", " + t.blockCount() + " blocks)");
            }
        }
        return host.indexOf(':') >= 0 && !host.startsWith("[") ?
            "[" + host + "]:" + request.port() : host + ":" + request.port();
    }

    /** The server with this id, alive or dead, or null. */
    StorageServerRecord get(final int id)
    {
        return byId.get(id);
    }

    /** A live server other than {@code server} registered at the same address, or null. */
    StorageServerRecord otherAliveAt(final StorageServerRecord server)
    {
        for (final StorageServerRecord s : byId.values())
        {
            if (s != server && s.isAlive() && s.address().equals(server.address()))
            {
                return s;
            }
        }
        return null;
    }

    /** Marks {@code server} dead at {@code nowMs} (the controller's clock). */
    void markLost(final StorageServerRecord server, final long nowMs)
    {
        server.markLost(nowMs);
        keepDead(server);
    }

    /** Marks {@code server} dead, having left cleanly, at {@code nowMs}. */
    void markLeft(final StorageServerRecord server, final long nowMs)
    {
        server.markLeft(nowMs);
        keepDead(server);
    }

    private void keepDead(final StorageServerRecord server)
    {
        deadIds.addLast(server.id());
        while (deadIds.size() > MAX_DEAD_KEPT)
        {
            byId.remove(deadIds.removeFirst());
        }
    }

    /** The same process came back: {@code server} is alive again. */
    void revive(final StorageServerRecord server, final long awakeMs)
    {
        deadIds.remove(server.id());
        server.revive(awakeMs);
    }

    /** Forgets the servers dead for longer than {@code retentionMs} at {@code nowMs}; returns how many. */
    int expireDead(final long nowMs, final long retentionMs)
    {
        int expired = 0;
        while (!deadIds.isEmpty() && nowMs - byId.get(deadIds.peekFirst()).lostAtMs() > retentionMs)
        {
            byId.remove(deadIds.removeFirst());
            expired++;
        }
        return expired;
    }

    /** Live servers whose last heartbeat is older than {@code lostAfterMs} at awake time {@code awakeMs}, by id. */
    List<StorageServerRecord> silentSince(final long awakeMs, final long lostAfterMs)
    {
        List<StorageServerRecord> silent = List.of();
        for (final StorageServerRecord s : byId.values())
        {
            if (s.isAlive() && awakeMs - s.lastHeartbeatMs() > lostAfterMs)
            {
                if (silent.isEmpty())
                {
                    silent = new ArrayList<>();
                }
                silent.add(s);
            }
        }
        return silent;
    }

    /** Every known server, alive or dead, by id. */
    Iterable<StorageServerRecord> all()
    {
        return byId.values();
    }

    /** Whether any server is alive. */
    boolean anyAlive()
    {
        for (final StorageServerRecord s : byId.values())
        {
            if (s.isAlive())
            {
                return true;
            }
        }
        return false;
    }

    List<ServerStatus> statuses(final long awakeMs, final long suspectAfterMs)
    {
        final List<ServerStatus> statuses = new ArrayList<>(byId.size());
        for (final StorageServerRecord s : byId.values())
        {
            statuses.add(s.status(awakeMs, suspectAfterMs));
        }
        return statuses;
    }
}
