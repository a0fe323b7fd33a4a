package io.pocket.controlplane.controller;

import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.controller.MetadataServers.MetadataServer;
import io.pocket.protocol.ControllerMessages.RegisterMetadata;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.ServerBack;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageLeave;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Which servers make up the cluster: registration of metadata and storage servers, heartbeats, clean leaves, and
 * the failure detector that declares storage servers lost. Runs on the control loop only.
 * <p>
 * A pause is not a loss: silence is counted in {@link DetectorClock} time, which leaves out the
 * controller's own stalls, and a storage server declared lost that registers again as the same
 * process (same incarnation, memory intact) is revived under its id and its blocks are made
 * available again (SERVER_BACK). The controller holds no data: after a restart it rebuilds its view
 * from the metadata servers (their jobs and the highest storage server id) and from the storage
 * servers, which register again under the ids they held.
 */
final class ClusterMembership
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

    private final StorageServers storage;
    private final MetadataServers metadata;
    private final JobRegistry jobs;
    private final DetectorClock clock;
    private final int heartbeatIntervalMs;
    private final long lostAfterMs;
    private final long lostRetentionMs;

    ClusterMembership(final StorageServers storage, final MetadataServers metadata, final JobRegistry jobs,
        final DetectorClock clock, final int heartbeatIntervalMs, final long lostAfterMs, final long lostRetentionMs)
    {
        this.storage = storage;
        this.metadata = metadata;
        this.jobs = jobs;
        this.clock = clock;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.lostAfterMs = lostAfterMs;
        this.lostRetentionMs = lostRetentionMs;
    }

    /**
     * REGISTER_METADATA: the metadata server's id. Fresh storage server ids start above those it knows, which
     * registering servers may claim again, and the jobs it holds that this controller does not know (it restarted)
     * are taken back.
     */
    int registerMetadata(final RegisterMetadata request)
    {
        final MetadataServer server = metadata.register(request.address());
        storage.heldByMetadata(request.storageServerIds());
        final int restored = jobs.restore(request.jobs(), server.address(), clock.nowMs());
        if (restored > 0)
        {
            LOG.info("metadata server {} holds {} jobs this controller did not know: taken back", server.address(),
                restored);
        }
        return server.id();
    }

    /** METADATA_HEARTBEAT: throws UNKNOWN_SERVER if the metadata server at {@code address} is not registered. */
    void metadataHeartbeat(final String address)
    {
        if (!metadata.isRegistered(address))
        {
            throw new PocketException(ErrorCode.UNKNOWN_SERVER, "metadata server " + address +
                " is not registered with this controller; register again");
        }
    }

    /**
     * REGISTER_STORAGE: the server's id, the heartbeat period and the metadata servers to offer capacity to.
     * <ul>
     * <li>The same process as a known server (its previous id and incarnation): it keeps its id, and if it was
     * declared lost it is revived and the metadata servers told that its blocks are available again.</li>
     * <li>A restarted process at the same address with the same tiers, which kept some tiers' blocks on its devices:
     * it keeps its id, and the metadata servers are told which tiers' blocks survived.</li>
     * <li>A previous id this controller does not know (it restarted, or the dead entry expired) but a metadata server
     * does: adopted. One that no metadata server knows (a server that kept its blocks from another cluster) gets a
     * fresh id, and drops those blocks.</li>
     * <li>Otherwise a fresh id; a live server registered at the same address restarted and is declared lost.</li>
     * </ul>
     */
    StorageRegistered registerStorage(final RegisterStorage request)
    {
        if (metadata.isEmpty())
        {
            throw new ServiceUnavailableException("no metadata server registered yet");
        }
        final Registration registration = resumeOrRegister(request);
        return new StorageRegistered(registration.server().id(), heartbeatIntervalMs, metadata.addresses(),
            registration.resumed());
    }

    /** A registered storage server, and whether it resumed the id it held (keeping its blocks). */
    private record Registration(StorageServerRecord server, boolean resumed)
    {
    }

    private Registration resumeOrRegister(final RegisterStorage request)
    {
        final int previousId = request.previousServerId();
        final StorageServerRecord known = storage.get(previousId);
        if (known != null && known.incarnation() == request.incarnation())
        {
            if (!known.isAlive())
            {
                storage.revive(known, clock.awakeMs());
                LOG.warn("{} is back: the same process, its blocks intact, after it was declared lost", known);
                metadata.notifyServerBack(known.id(), ServerBack.ALL_TIERS);
            }
            return new Registration(known, true);
        }
        if (known != null && request.keptTiers() != 0 && storage.isSameServer(known, request))
        {
            final StorageServerRecord restarted = storage.restarted(known, request, clock.awakeMs());
            LOG.warn("{} restarted with the blocks of tiers {} kept on its devices: the others are gone", restarted,
                tierNames(request.keptTiers()));
            metadata.notifyServerBack(restarted.id(), request.keptTiers());
            return new Registration(restarted, true);
        }
        if (known == null && storage.isHeldByMetadata(previousId))
        {
            final StorageServerRecord adopted = storage.adopt(previousId, request, clock.awakeMs());
            LOG.info("{} registered again with its blocks (this controller did not know it): tiers={}", adopted,
                adopted.capacity());
            metadata.notifyServerBack(adopted.id(),
                request.keptTiers() == 0 ? ServerBack.ALL_TIERS : request.keptTiers());
            return new Registration(adopted, true);
        }
        final StorageServerRecord server = storage.register(request, clock.awakeMs());
        final StorageServerRecord previous = storage.otherAliveAt(server);
        if (previous != null)
        {
            declareLost(previous, "registered again as storage server " + server.id());
        }
        if (known != null && known.isAlive() && known != previous)
        {
            declareLost(known, "a new process took its place as storage server " + server.id());
        }
        LOG.info("{} registered: alwaysOn={}, tiers={}", server, server.alwaysOn(), server.capacity());
        return new Registration(server, false);
    }

    private static String tierNames(final int mask)
    {
        final StringBuilder names = new StringBuilder();
        for (int tier = 0; tier < 31; tier++)
        {
            if ((mask & (1 << tier)) != 0)
            {
                names.append(names.length() == 0 ? "" : ",").append(TierPolicy.name(tier));
            }
        }
        return names.toString();
    }

    /**
     * STORAGE_HEARTBEAT: records the report. Returns the kill flag: 1 when the server is being
     * drained. Throws UNKNOWN_SERVER for an id that is unknown or was declared lost.
     */
    int heartbeat(final StorageHeartbeat heartbeat)
    {
        final StorageServerRecord server = storage.get(heartbeat.serverId());
        if (server == null)
        {
            throw new PocketException(ErrorCode.UNKNOWN_SERVER, "unknown storage server " + heartbeat.serverId() +
                "; register again");
        }
        if (!server.isAlive())
        {
            throw new PocketException(ErrorCode.UNKNOWN_SERVER, server + " was declared lost; register again");
        }
        server.onHeartbeat(heartbeat, clock.awakeMs());
        return server.isDraining() ? 1 : 0;
    }

    /**
     * Declares lost every live storage server silent for more than lostAfterMs of awake time, and forgets
     * servers dead for longer than the retention time; returns how many were declared lost.
     */
    int checkLiveness()
    {
        final long stall = clock.onCheck();
        // a stall of less than a heartbeat is everyday scheduling on a busy machine: not worth a warning
        if (stall >= heartbeatIntervalMs)
        {
            LOG.warn("the controller was stalled (a pause or a starved CPU): {} ms beyond the liveness check's period " +
                "are not counted as silence of storage servers", stall);
        }
        final long awake = clock.awakeMs();
        final List<StorageServerRecord> silent = storage.silentSince(awake, lostAfterMs);
        for (final StorageServerRecord server : silent)
        {
            declareLost(server, "no heartbeat for " + (awake - server.lastHeartbeatMs()) + " ms");
        }
        storage.expireDead(clock.nowMs(), lostRetentionMs);
        return silent.size();
    }

    /**
     * STORAGE_LEAVE: the storage server stops cleanly. It is dead from now on, shown as left rather than lost, and the
     * metadata servers are told its blocks are gone (SERVER_LEFT). A leave of an unknown or dead server, or from
     * another process than the registered one (another incarnation), changes nothing.
     */
    void leave(final StorageLeave request)
    {
        final StorageServerRecord server = storage.get(request.serverId());
        if (server == null || !server.isAlive() || server.incarnation() != request.incarnation())
        {
            return;
        }
        LOG.info("{} left the cluster (stopped cleanly): its blocks are gone", server);
        storage.markLeft(server, clock.nowMs());
        metadata.notifyServerLeft(server.id());
    }

    /** Starts draining a live storage server: no new jobs, kill flag in its heartbeat replies. */
    boolean drain(final int serverId)
    {
        final StorageServerRecord server = storage.get(serverId);
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

    /** Every known storage server as status shows it; suspected after two missed heartbeats. */
    List<ServerStatus> storageStatuses()
    {
        return storage.statuses(clock.awakeMs(), 2L * heartbeatIntervalMs);
    }

    private void declareLost(final StorageServerRecord server, final String why)
    {
        LOG.warn("{} lost: {}", server, why);
        storage.markLost(server, clock.nowMs());
        metadata.notifyServerLost(server.id());
    }
}
