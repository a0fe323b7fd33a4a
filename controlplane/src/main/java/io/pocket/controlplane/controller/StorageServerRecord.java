package io.pocket.controlplane.controller;

import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.ControllerMessages.TierUsage;

import java.util.ArrayList;
import java.util.List;

/**
 * What the controller knows of one registered storage server: where it listens, its capacity, the
 * incarnation of its process, its last reported load, and whether it is alive, lost, left or being drained.
 * Heartbeat times are in the failure detector's awake time ({@link DetectorClock}). Owned by the
 * control loop.
 */
final class StorageServerRecord
{
    private final int id;
    private final String address;
    private final boolean alwaysOn;
    private final long incarnation;
    private final List<TierCapacity> capacity;
    private long lastHeartbeatMs;
    private StorageHeartbeat lastHeartbeat;
    private boolean alive = true;
    private boolean draining;
    private boolean left;
    private long lostAtMs;

    StorageServerRecord(final int id, final String address, final boolean alwaysOn, final long incarnation,
        final List<TierCapacity> capacity, final long registeredAwakeMs)
    {
        this.id = id;
        this.address = address;
        this.alwaysOn = alwaysOn;
        this.incarnation = incarnation;
        this.capacity = List.copyOf(capacity);
        this.lastHeartbeatMs = registeredAwakeMs;
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

    /** Drawn at random by the server's process when it started: the same process registers with the same one. */
    long incarnation()
    {
        return incarnation;
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

    /** Awake time of the last heartbeat, or of registration before the first one. */
    long lastHeartbeatMs()
    {
        return lastHeartbeatMs;
    }

    /** The last heartbeat's report (cpu, network, tier use), or null before the first one. */
    StorageHeartbeat lastHeartbeat()
    {
        return lastHeartbeat;
    }

    void onHeartbeat(final StorageHeartbeat heartbeat, final long awakeMs)
    {
        lastHeartbeat = heartbeat;
        lastHeartbeatMs = awakeMs;
    }

    void drain()
    {
        draining = true;
    }

    /** Declared lost at {@code nowMs} (the controller's clock): nothing more is placed on it. */
    void markLost(final long nowMs)
    {
        alive = false;
        lostAtMs = nowMs;
    }

    /** Stopped cleanly at {@code nowMs} (STORAGE_LEAVE): dead like a lost server, but no failure. */
    void markLeft(final long nowMs)
    {
        markLost(nowMs);
        left = true;
    }

    /** Whether it left cleanly rather than being lost. */
    boolean hasLeft()
    {
        return left;
    }

    /** When it was declared lost (the controller's clock); meaningless while alive. */
    long lostAtMs()
    {
        return lostAtMs;
    }

    /** The same process came back after it was declared lost: alive again, heard from at {@code awakeMs}. */
    void revive(final long awakeMs)
    {
        alive = true;
        left = false;
        lastHeartbeatMs = awakeMs;
    }

    /**
     * As {@code status} shows it at awake time {@code awakeMs}: suspected when alive and silent for more than
     * {@code suspectAfterMs}.
     */
    ServerStatus status(final long awakeMs, final long suspectAfterMs)
    {
        final long silentMs = Math.max(0, awakeMs - lastHeartbeatMs);
        final boolean suspected = alive && silentMs > suspectAfterMs;
        if (lastHeartbeat != null)
        {
            return new ServerStatus(id, address, alive, alwaysOn, lastHeartbeat.cpu(), lastHeartbeat.rxBytesPerSecond(),
                lastHeartbeat.txBytesPerSecond(), lastHeartbeat.tiers(), suspected, silentMs, left);
        }
        final List<TierUsage> allFree = new ArrayList<>(capacity.size());
        for (final TierCapacity t : capacity)
        {
            allFree.add(new TierUsage(t.tier(), t.blockSize(), 0, t.blockCount()));
        }
        return new ServerStatus(id, address, alive, alwaysOn, 0.0, 0, 0, allFree, suspected, silentMs, left);
    }

    @Override
    public String toString()
    {
        return "storage server " + id + " (" + address + ")";
    }
}
