package io.pocket.controlplane.controller;

import io.pocket.client.InvalidArgumentException;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierCapacity;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of storage servers, by id. Ids start at 1 and are never reused: a server that was
 * declared lost stays dead (shown in status) and comes back only by registering again under a new
 * id. Only the most recent {@link #MAX_DEAD_KEPT} dead servers are kept, so a long-running elastic
 * cluster does not grow the registry without bound. Owned by the control loop; not thread-safe.
 */
final class StorageServers
{
    static final int MAX_DEAD_KEPT = 256;

    private final Map<Integer, StorageServer> byId = new TreeMap<>();
    private final ArrayDeque<Integer> deadIds = new ArrayDeque<>();
    private int nextId = 1;

    /** Validates a registration and adds the server under a fresh id. */
    StorageServer register(final RegisterStorage request, final long nowMs)
    {
        final String address = validate(request);
        final StorageServer server = new StorageServer(nextId++, address, request.alwaysOn(), request.tiers(), nowMs);
        byId.put(server.id(), server);
        return server;
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
    StorageServer get(final int id)
    {
        return byId.get(id);
    }

    /** A live server other than {@code server} registered at the same address, or null. */
    StorageServer otherAliveAt(final StorageServer server)
    {
        for (final StorageServer s : byId.values())
        {
            if (s != server && s.isAlive() && s.address().equals(server.address()))
            {
                return s;
            }
        }
        return null;
    }

    /** Marks {@code server} dead for good. */
    void markLost(final StorageServer server)
    {
        server.markLost();
        deadIds.addLast(server.id());
        while (deadIds.size() > MAX_DEAD_KEPT)
        {
            byId.remove(deadIds.removeFirst());
        }
    }

    /** Live servers whose last heartbeat is older than {@code lostAfterMs} at {@code nowMs}, by id. */
    List<StorageServer> silentSince(final long nowMs, final long lostAfterMs)
    {
        List<StorageServer> silent = List.of();
        for (final StorageServer s : byId.values())
        {
            if (s.isAlive() && nowMs - s.lastHeartbeatMs() > lostAfterMs)
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
    Iterable<StorageServer> all()
    {
        return byId.values();
    }

    List<ServerStatus> statuses()
    {
        final List<ServerStatus> statuses = new ArrayList<>(byId.size());
        for (final StorageServer s : byId.values())
        {
            statuses.add(s.status());
        }
        return statuses;
    }
}
