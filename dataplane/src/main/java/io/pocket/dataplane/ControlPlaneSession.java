package io.pocket.dataplane;

import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.dataplane.ControllerLink.PendingOffer;
import io.pocket.dataplane.tier.BlockStore;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageLeave;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.ControllerMessages.TierUsage;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.TierKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A storage server's membership in the cluster (docs/flows.md, start-up steps 3-5): registers with the controller
 * with the capacity of every tier, offers each tier's blocks to the metadata servers (one ADD_CAPACITY per tier and
 * metadata server), then sends a heartbeat with each tier's usage every period from one daemon thread.
 * <p>
 * A heartbeat answered UNKNOWN_SERVER (the controller declared the server lost during a pause, or restarted and forgot
 * it) makes the server register again as the same process: with its id and the incarnation drawn at start. The
 * controller then gives it back its id and it keeps every block (the metadata servers still map objects to them).
 * Only if the controller gives it another id (it took the server for a different process) are the blocks dropped and
 * the capacity offered anew. A server whose NVMe blocks are kept across restarts ({@code --nvme-keep}) keeps its id
 * beside the device file ({@link KeptIdentity}); started again, it registers with that id and the kept tier, and
 * keeps the device's blocks if the controller gives the id back. A heartbeat answered with the kill flag makes the server drain: it keeps serving and
 * exits once the metadata servers have freed all its blocks. Offers that could not be delivered are retried on every
 * heartbeat.
 */
final class ControlPlaneSession implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneSession.class);
    private static final long REGISTER_RETRY_MS = 500;
    private static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;

    private final StorageServerContext ctx;
    private final StorageServer server;
    private final BlockRequestHandler handler;
    private final List<BlockStore> tiers;
    private final ControllerLink link;
    private final KeptIdentity identity;
    private final ScheduledExecutorService scheduler;
    private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final List<PendingOffer> pendingOffers = new ArrayList<>();
    private final long incarnation = newIncarnation();
    /** The id held, kept while registering again; {@link BlockRequestHandler#NO_SERVER_ID} before the first. */
    private int serverId = BlockRequestHandler.NO_SERVER_ID;
    /** The id kept beside the device by the previous process, until the first registration settles it. */
    private int keptServerId;
    private boolean registered;
    private long heartbeatIntervalMs;
    private volatile boolean draining;
    private boolean drained;
    private String unreachableReason;
    private long lastBeatNanos;
    private long lastRxBytes;
    private long lastTxBytes;

    ControlPlaneSession(
        final StorageServerContext ctx,
        final StorageServer server,
        final BlockRequestHandler handler,
        final List<BlockStore> tiers,
        final ControllerLink link,
        final KeptIdentity identity,
        final int keptServerId)
    {
        this.ctx = ctx;
        this.server = server;
        this.handler = handler;
        this.tiers = tiers;
        this.link = link;
        this.identity = identity;
        this.keptServerId = keptServerId;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "pocket-storage-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Registers, retrying every 500 ms while the controller is unreachable or has no metadata server yet, offers the
     * blocks once, then starts heartbeats. Called once, on the starting thread; afterwards only the heartbeat thread
     * touches this session's state.
     *
     * @throws ServiceUnavailableException if registration did not succeed within the register timeout.
     * @throws PocketException             if the controller refused the registration for another reason.
     */
    void start()
    {
        final long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.registerTimeoutMs());
        registerUntil(deadlineNanos);
        scheduler.scheduleWithFixedDelay(this::tick, heartbeatIntervalMs, heartbeatIntervalMs, TimeUnit.MILLISECONDS);
    }

    /** Server id assigned by the controller, {@link BlockRequestHandler#NO_SERVER_ID} while unregistered. */
    int serverId()
    {
        return handler.serverId();
    }

    boolean isDraining()
    {
        return draining;
    }

    private void registerUntil(final long deadlineNanos)
    {
        while (true)
        {
            try
            {
                register();
                retryOffers();
                return;
            }
            catch (final ServiceUnavailableException ex)
            {
                if (System.nanoTime() - deadlineNanos >= 0 || Thread.currentThread().isInterrupted())
                {
                    throw new ServiceUnavailableException("storage server could not register with controller " +
                        link.controllerAddress() + " within " + ctx.registerTimeoutMs() + " ms: " + ex.getMessage());
                }
                noteUnreachable(ex.getMessage());
            }
            try
            {
                Thread.sleep(REGISTER_RETRY_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailableException("storage server registration interrupted");
            }
        }
    }

    private void tick()
    {
        try
        {
            if (!registered)
            {
                register();
            }
            retryOffers();
            beat();
            noteReachable();
        }
        catch (final ServiceUnavailableException ex)
        {
            noteUnreachable(ex.getMessage());
        }
        catch (final PocketException ex)
        {
            if (ErrorCode.UNKNOWN_SERVER == ex.code())
            {
                forgotten(ex.getMessage());
            }
            else
            {
                LOG.warn("storage server {}: controller {} refused a request: {}", serverId, link.controllerAddress(),
                    ex.getMessage());
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("storage server {}: heartbeat failed", serverId, ex);
        }
    }

    private void register()
    {
        final List<TierCapacity> capacities = new ArrayList<>(tiers.size());
        for (final BlockStore tier : tiers)
        {
            capacities.add(new TierCapacity(tier.kind().code(), tier.blockSize(), tier.blockCount()));
        }
        final boolean restartedWithKeptBlocks = BlockRequestHandler.NO_SERVER_ID == serverId &&
            BlockRequestHandler.NO_SERVER_ID != keptServerId;
        final int previousId = restartedWithKeptBlocks ? keptServerId : serverId;
        final StorageRegistered answer = link.register(ctx.advertiseHost(), server.port(), ctx.alwaysOn(), incarnation,
            previousId == BlockRequestHandler.NO_SERVER_ID ? RegisterStorage.NO_SERVER_ID : previousId,
            restartedWithKeptBlocks ? 1 << TierKind.NVME.code() : 0, capacities);
        if (0 == heartbeatIntervalMs)
        {
            heartbeatIntervalMs = ctx.heartbeatIntervalMs() > 0 ? ctx.heartbeatIntervalMs() :
                answer.heartbeatIntervalMs() > 0 ? answer.heartbeatIntervalMs() : DEFAULT_HEARTBEAT_INTERVAL_MS;
        }
        lastBeatNanos = System.nanoTime();
        lastRxBytes = handler.rxBytes();
        lastTxBytes = handler.txBytes();
        registered = true;
        keptServerId = BlockRequestHandler.NO_SERVER_ID;
        if (answer.resumed())
        {
            serverId = previousId;
            handler.serverId(serverId);
            LOG.info("storage server {} ({}) registered again with controller {}, keeping its {} blocks{}", serverId,
                server.advertisedAddress(), link.controllerAddress(), usedBlocks(),
                restartedWithKeptBlocks ? " kept on its NVMe device" : "");
            return;
        }
        if (previousId != BlockRequestHandler.NO_SERVER_ID)
        {
            LOG.warn("storage server {} is now storage server {}: the controller took it for a new process; " +
                "dropping its blocks", previousId, answer.serverId());
            server.dropAllBlocks();
        }
        serverId = answer.serverId();
        handler.serverId(serverId);
        pendingOffers.clear();
        for (final TierCapacity capacity : capacities)
        {
            pendingOffers.addAll(ControllerLink.splitOffers(answer.metadataAddresses(), serverId,
                ctx.advertiseHost(), server.port(), ctx.alwaysOn(), capacity));
        }
        if (null != identity)
        {
            identity.write(serverId);
        }
        LOG.info("storage server {} ({}) registered with controller {}: tiers {}, offered to {}",
            serverId, server.advertisedAddress(), link.controllerAddress(), describe(capacities),
            answer.metadataAddresses());
    }

    /** Sends the offers not yet acknowledged, in order (DRAM first); an offer refused outright is dropped. */
    private void retryOffers()
    {
        final Iterator<PendingOffer> offers = pendingOffers.iterator();
        while (offers.hasNext())
        {
            final PendingOffer pending = offers.next();
            try
            {
                link.offer(pending.metadataAddress(), pending.offer());
                offers.remove();
            }
            catch (final ServiceUnavailableException ex)
            {
                LOG.warn("storage server {}: cannot offer tier {} blocks {}..{} to metadata server {} (will retry): {}",
                    serverId, pending.offer().tier(), pending.offer().firstBlockId(),
                    pending.offer().firstBlockId() + pending.offer().blockCount() - 1, pending.metadataAddress(),
                    ex.getMessage());
            }
            catch (final PocketException ex)
            {
                LOG.warn("storage server {}: metadata server {} refused tier {} blocks {}..{}: {}", serverId,
                    pending.metadataAddress(), pending.offer().tier(), pending.offer().firstBlockId(),
                    pending.offer().firstBlockId() + pending.offer().blockCount() - 1, ex.getMessage());
                offers.remove();
            }
        }
    }

    private void beat()
    {
        final long now = System.nanoTime();
        final long elapsedNanos = Math.max(1, now - lastBeatNanos);
        final long rx = handler.rxBytes();
        final long tx = handler.txBytes();
        final List<TierUsage> usage = new ArrayList<>(tiers.size());
        long usedBlocks = 0;
        for (final BlockStore tier : tiers)
        {
            final long used = tier.usedBlocks();
            usedBlocks += used;
            usage.add(new TierUsage(tier.kind().code(), tier.blockSize(), used, tier.blockCount() - used));
        }
        final StorageHeartbeat beat = new StorageHeartbeat(serverId, processCpuLoad(),
            perSecond(rx - lastRxBytes, elapsedNanos), perSecond(tx - lastTxBytes, elapsedNanos), usage);
        final boolean kill = link.heartbeat(beat);
        lastBeatNanos = now;
        lastRxBytes = rx;
        lastTxBytes = tx;

        if (kill != draining)
        {
            draining = kill;
            if (kill)
            {
                LOG.info("storage server {}: controller asked it to drain; exiting once its {} used blocks are freed",
                    serverId, usedBlocks);
            }
            else
            {
                LOG.info("storage server {}: controller cancelled the drain", serverId);
            }
        }
        if (draining && !drained && 0 == usedBlocks())
        {
            drained = true;
            LOG.info("storage server {}: drained, shutting down", serverId);
            server.exitDrained();
        }
    }

    private void forgotten(final String why)
    {
        LOG.warn("storage server {}: controller {} no longer knows it ({}); registering again as the same process",
            serverId, link.controllerAddress(), why);
        registered = false;
        draining = false;
        try
        {
            register();
            retryOffers();
        }
        catch (final PocketException ex)
        {
            noteUnreachable(ex.getMessage());
        }
    }

    private static long newIncarnation()
    {
        long value = 0;
        while (0 == value)
        {
            value = new SecureRandom().nextLong();
        }
        return value;
    }

    private long usedBlocks()
    {
        long used = 0;
        for (final BlockStore tier : tiers)
        {
            used += tier.usedBlocks();
        }
        return used;
    }

    private static String describe(final List<TierCapacity> capacities)
    {
        final StringBuilder text = new StringBuilder();
        for (final TierCapacity capacity : capacities)
        {
            text.append(text.length() == 0 ? "" : ", ").append(capacity.tier()).append(':')
                .append(capacity.blockCount()).append(" x ").append(capacity.blockSize());
        }
        return text.toString();
    }

    private void noteUnreachable(final String reason)
    {
        if (null == unreachableReason)
        {
            LOG.warn("storage server {}: controller {} unavailable, retrying: {}", serverId, link.controllerAddress(),
                reason);
        }
        unreachableReason = reason;
    }

    private void noteReachable()
    {
        if (null != unreachableReason)
        {
            LOG.info("storage server {}: controller {} available again", serverId, link.controllerAddress());
            unreachableReason = null;
        }
    }

    private double processCpuLoad()
    {
        if (os instanceof com.sun.management.OperatingSystemMXBean)
        {
            final double load = ((com.sun.management.OperatingSystemMXBean)os).getProcessCpuLoad();
            return load >= 0 ? load : -1;
        }
        return -1;
    }

    private static long perSecond(final long delta, final long elapsedNanos)
    {
        return (long)(delta * 1e9 / elapsedNanos);
    }

    /**
     * A clean stop: stops heartbeats, tells the controller this server leaves (STORAGE_LEAVE), so that it shows the
     * server as left rather than lost and the metadata servers answer its blocks as unavailable at once, then closes
     * the connection. When the controller cannot be told it declares the server lost after its timeout instead.
     */
    void leave()
    {
        stopHeartbeats();
        final int id = handler.serverId();
        if (BlockRequestHandler.NO_SERVER_ID != id)
        {
            try
            {
                link.leave(new StorageLeave(id, incarnation));
                LOG.info("storage server {}: left controller {}", id, link.controllerAddress());
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("storage server {}: could not tell controller {} it leaves, so it will count it lost: {}", id,
                    link.controllerAddress(), ex.getMessage());
            }
        }
        link.close();
    }

    /** Stops heartbeats, waiting for a heartbeat in flight, then closes the connection to the controller. */
    @Override
    public void close()
    {
        stopHeartbeats();
        link.close();
    }

    private void stopHeartbeats()
    {
        scheduler.shutdownNow();
        try
        {
            if (!scheduler.awaitTermination(ctx.connectTimeoutMs() + ctx.requestTimeoutMs(), TimeUnit.MILLISECONDS))
            {
                LOG.warn("storage server {}: heartbeat thread did not stop in time", serverId);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
