package io.pocket.controlplane.controller;

import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.ControllerMessages.TierUsage;

import java.util.ArrayList;
import java.util.List;

/**
 * What the controller knows of one registered storage server: where it listens, its capacity,
 * its last reported load, and whether it is alive or being drained. Owned by the control loop.
 */
final class StorageServer
{
    private final int id;
    private final String address;
    private final boolean alwaysOn;
    private final List<TierCapacity> capacity;
    private long lastHeartbeatMs;
    private StorageHeartbeat lastHeartbeat;
    private boolean alive = true;
    private boolean draining;

    StorageServer(final int id, final String address, final boolean alwaysOn, final List<TierCapacity> capacity,
        final long registeredMs)
    {
        this.id = id;
        this.address = address;
        this.alwaysOn = alwaysOn;
        this.capacity = List.copyOf(capacity);
        this.lastHeartbeatMs = registeredMs;
    }

    int id()
    {
        return id;
    }

    /** host:port where clients reach it. */
    String address()
    {
        return address;
    }

    boolean alwaysOn()
    {
        return alwaysOn;
    }

    List<TierCapacity> capacity()
    {
        return capacity;
    }

    /**
     * Whether the server has blocks of a tier: by its last heartbeat's report, or by its registration
     * before the first heartbeat.
     */
    boolean offersTier(final int tier)
    {
        if (lastHeartbeat != null)
        {
            for (final TierUsage t : lastHeartbeat.tiers())
            {
                if (t.tier() == tier && t.usedBlocks() + t.freeBlocks() > 0)
                {
                    return true;
                }
            }
            return false;
        }
        for (final TierCapacity t : capacity)
        {
            if (t.tier() == tier && t.blockCount() > 0)
            {
                return true;
            }
        }
        return false;
    }

    boolean isAlive()
    {
        return alive;
    }

    /** Being removed (elastic scaling): gets no new jobs, and its heartbeat replies tell it to exit once empty. */
    boolean isDraining()
    {
        return draining;
    }

    /** Can take blocks of new jobs. */
    boolean acceptsJobs()
    {
        return alive && !draining;
    }

    /** Time of the last heartbeat, or of registration before the first one. */
    long lastHeartbeatMs()
    {
        return lastHeartbeatMs;
    }

    /** The last heartbeat's report (cpu, network, tier use), or null before the first one. */
    StorageHeartbeat lastHeartbeat()
    {
        return lastHeartbeat;
    }

    void onHeartbeat(final StorageHeartbeat heartbeat, final long nowMs)
    {
        lastHeartbeat = heartbeat;
        lastHeartbeatMs = nowMs;
    }

    void drain()
    {
        draining = true;
    }

    void markLost()
    {
        alive = false;
    }

    ServerStatus status()
    {
        if (lastHeartbeat != null)
        {
            return new ServerStatus(id, address, alive, alwaysOn, lastHeartbeat.cpu(), lastHeartbeat.rxBytesPerSecond(),
                lastHeartbeat.txBytesPerSecond(), lastHeartbeat.tiers());
        }
        final List<TierUsage> allFree = new ArrayList<>(capacity.size());
        for (final TierCapacity t : capacity)
        {
            allFree.add(new TierUsage(t.tier(), t.blockSize(), 0, t.blockCount()));
        }
        return new ServerStatus(id, address, alive, alwaysOn, 0.0, 0, 0, allFree);
    }

    @Override
    public String toString()
    {
        return "storage server " + id + " (" + address + ")";
    }
}
