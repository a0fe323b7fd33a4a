package io.pocket.controlplane.controller;

import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.controller.MetadataServers.MetadataServer;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Which servers make up the cluster: registration of metadata and storage servers, heartbeats,
 * and the declaration of lost storage servers. Runs on the control loop only.
 */
final class ClusterMembership
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

    private final StorageServers storage;
    private final MetadataServers metadata;
    private final LongSupplier clock;
    private final int heartbeatIntervalMs;
    private final long lostAfterMs;

    ClusterMembership(final StorageServers storage, final MetadataServers metadata, final LongSupplier clock,
        final int heartbeatIntervalMs, final long lostAfterMs)
    {
        this.storage = storage;
        this.metadata = metadata;
        this.clock = clock;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.lostAfterMs = lostAfterMs;
    }

    /** REGISTER_METADATA: the new metadata server's id. */
    int registerMetadata(final String address)
    {
        final MetadataServer server = metadata.register(address);
        return server.id();
    }

    /**
     * REGISTER_STORAGE: a fresh id, the heartbeat period and the metadata servers to offer capacity
     * to. A live server already registered at the same address has restarted: it is declared lost.
     */
    StorageRegistered registerStorage(final RegisterStorage request)
    {
        if (metadata.isEmpty())
        {
            throw new ServiceUnavailableException("no metadata server registered yet");
        }
        final StorageServer server = storage.register(request, clock.getAsLong());
        final StorageServer previous = storage.otherAliveAt(server);
        if (previous != null)
        {
            declareLost(previous, "registered again as storage server " + server.id());
        }
        LOG.info("{} registered: alwaysOn={}, tiers={}", server, server.alwaysOn(), server.capacity());
        return new StorageRegistered(server.id(), heartbeatIntervalMs, metadata.addresses());
    }

    /**
     * STORAGE_HEARTBEAT: records the report. Returns the kill flag: 1 when the server is being
     * drained. Throws UNKNOWN_SERVER for an id that is unknown or was declared lost.
     */
    int heartbeat(final StorageHeartbeat heartbeat)
    {
        final StorageServer server = storage.get(heartbeat.serverId());
        if (server == null)
        {
            throw new PocketException(ErrorCode.UNKNOWN_SERVER, "unknown storage server " + heartbeat.serverId() +
                "; register again");
        }
        if (!server.isAlive())
        {
            throw new PocketException(ErrorCode.UNKNOWN_SERVER, server + " was declared lost; register again");
        }
        server.onHeartbeat(heartbeat, clock.getAsLong());
        return server.isDraining() ? 1 : 0;
    }

    /** Declares lost every live storage server silent for more than lostAfterMs; returns how many. */
    int checkLiveness()
    {
        final long now = clock.getAsLong();
        final List<StorageServer> silent = storage.silentSince(now, lostAfterMs);
        for (final StorageServer server : silent)
        {
            declareLost(server, "no heartbeat for " + (now - server.lastHeartbeatMs()) + " ms");
        }
        return silent.size();
    }

    /** Starts draining a live storage server: no new jobs, kill flag in its heartbeat replies. */
    boolean drain(final int serverId)
    {
        final StorageServer server = storage.get(serverId);
        if (server == null || !server.isAlive())
        {
            return false;
        }
        if (!server.isDraining())
        {
            server.drain();
            LOG.info("{} is being drained", server);
        }
        return true;
    }

    private void declareLost(final StorageServer server, final String why)
    {
        LOG.warn("{} lost: {}", server, why);
        storage.markLost(server);
        metadata.notifyServerLost(server.id());
    }
}
