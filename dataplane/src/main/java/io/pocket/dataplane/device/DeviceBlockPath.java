package io.pocket.dataplane.device;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.dataplane.io.IoEngine;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.dataplane.io.IoEngines;
import io.pocket.dataplane.tier.BlockErrors;
import io.pocket.dataplane.tier.BlockStatus;
import io.pocket.dataplane.tier.DeviceTier;
import io.pocket.protocol.TierKind;
import io.pocket.transport.ServerConnection;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The block path of a storage server's device tiers (NVMe, disk): every event loop of the server gets a
 * {@link DeviceQueue} per tier when the path opens, and WRITE_BLOCK / READ_BLOCK for a device tier are served by the
 * queue of the loop the request arrived on, so no lock or hand-off is ever needed on the block path.
 * <p>
 * Checks before any I/O: the tier exists on this server, a write starts at a multiple of the device alignment (a
 * write's tail is padded; the client always writes whole blocks from offset 0), the block's generation (as on the
 * DRAM tier). Reads may start anywhere: the covering aligned range is read and only the asked bytes are sent.
 * <p>
 * {@link #close()} runs after the event loops have stopped: each engine waits for its requests on the device, then
 * the staging memory is freed.
 */
public final class DeviceBlockPath implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DeviceBlockPath.class);

    /**
     * Staging memory a queue may add beyond its registered region when requests pile up (clients pipelining more
     * than the queue depth); kept for reuse once allocated. Beyond it (and beyond 8 x queue depth slots) requests
     * are refused as busy.
     */
    private static final long MAX_OVERFLOW_BYTES = 64L << 20;

    private final DeviceTier[] tiers = new DeviceTier[TierKind.values().length];
    private final FastThreadLocal<DeviceQueue[]> threadQueues = new FastThreadLocal<>();
    private final List<DeviceQueue> allQueues = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder rxBytes = new LongAdder();
    private final LongAdder txBytes = new LongAdder();

    /**
     * Open a queue pair per event loop and tier.
     *
     * @param loops   the server's event loops.
     * @param engine  resolved engine kind ({@link IoEngines#resolve}).
     * @param configs the device tiers and their queue options; tiers are owned by the caller.
     * @throws InvalidArgumentException if an engine cannot be opened on a device.
     */
    public DeviceBlockPath(
        final Iterable<EventExecutor> loops, final IoEngineKind engine, final List<DeviceQueueConfig> configs)
    {
        for (final DeviceQueueConfig config : configs)
        {
            tiers[config.tier().kind().code()] = config.tier();
        }
        try
        {
            for (final EventExecutor loop : loops)
            {
                loop.submit(() -> threadQueues.set(openQueues(loop, engine, configs))).get();
            }
        }
        catch (final ExecutionException ex)
        {
            close();
            if (ex.getCause() instanceof RuntimeException)
            {
                throw (RuntimeException)ex.getCause();
            }
            throw new IllegalStateException("opening device queues failed", ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            close();
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while opening device queues");
        }
    }

    /**
     * The device tier of a wire tier code.
     *
     * @param tierCode {@link TierKind#code()}.
     * @return the tier, or null if this server has none of that kind.
     */
    public DeviceTier tier(final int tierCode)
    {
        return tierCode >= 0 && tierCode < tiers.length ? tiers[tierCode] : null;
    }

    /** Block data bytes written to device tiers since start. */
    public long rxBytes()
    {
        return rxBytes.sum();
    }

    /** Block data bytes read from device tiers and sent since start. */
    public long txBytes()
    {
        return txBytes.sum();
    }

    /**
     * WRITE_BLOCK on a device tier; answered when the write has reached the device.
     *
     * @throws io.pocket.client.PocketException answered as an error: bad range or alignment, stale generation, busy.
     */
    public void write(
        final ServerConnection connection,
        final long correlationId,
        final DeviceTier tier,
        final int serverId,
        final long blockId,
        final long generation,
        final int offset,
        final int length,
        final DirectBuffer src,
        final int srcIndex)
    {
        final int range = tier.validateRange(blockId, offset, length);
        if (BlockStatus.OK != range)
        {
            throw BlockErrors.of(range, tier, serverId, blockId, generation, offset, length);
        }
        if ((offset & (tier.alignment() - 1)) != 0)
        {
            throw new InvalidArgumentException(tier.kind() + " tier: a write must start at a multiple of " +
                tier.alignment() + " bytes in the block, got offset " + offset);
        }
        final int status = tier.beginWrite(blockId, generation, offset, length);
        if (BlockStatus.OK != status)
        {
            throw BlockErrors.of(status, tier, serverId, blockId, generation, offset, length);
        }
        queue(tier).write(connection, correlationId, blockId, offset, length, src, srcIndex);
    }

    /**
     * READ_BLOCK on a device tier; answered with the bytes once read (the generation is checked again then).
     *
     * @throws io.pocket.client.PocketException answered as an error: bad range, stale generation, busy.
     */
    public void read(
        final ServerConnection connection,
        final long correlationId,
        final DeviceTier tier,
        final int serverId,
        final long blockId,
        final long generation,
        final int offset,
        final int length)
    {
        final int status = tier.checkRead(blockId, generation, offset, length);
        if (BlockStatus.OK != status)
        {
            throw BlockErrors.of(status, tier, serverId, blockId, generation, offset, length);
        }
        queue(tier).read(connection, correlationId, blockId, generation, offset, length);
    }

    /**
     * Stop every queue; call once the event loops have stopped. Idempotent.
     */
    @Override
    public void close()
    {
        synchronized (allQueues)
        {
            for (final DeviceQueue queue : allQueues)
            {
                try
                {
                    queue.close();
                }
                catch (final RuntimeException ex)
                {
                    LOG.warn("closing a device queue failed", ex);
                }
            }
            allQueues.clear();
        }
    }

    private DeviceQueue queue(final DeviceTier tier)
    {
        final DeviceQueue[] queues = threadQueues.getIfExists();
        final DeviceQueue queue = null == queues ? null : queues[tier.kind().code()];
        if (null == queue)
        {
            throw new ServiceUnavailableException(tier.kind() + " tier: no device queue on thread " +
                Thread.currentThread().getName());
        }
        return queue;
    }

    private DeviceQueue[] openQueues(
        final EventExecutor loop, final IoEngineKind kind, final List<DeviceQueueConfig> configs)
    {
        final DeviceQueue[] queues = new DeviceQueue[tiers.length];
        for (final DeviceQueueConfig config : configs)
        {
            final DeviceTier tier = config.tier();
            final int registered = config.queueDepth() * 2;
            final int most = Math.max(config.queueDepth() * 8, (int)(MAX_OVERFLOW_BYTES / tier.blockSize()));
            final StagingBuffers staging = new StagingBuffers(loop, tier.blockSize(), registered,
                Math.max(registered, most));
            final IoEngine engine;
            try
            {
                engine = IoEngines.open(kind, tier.file(), config.queueDepth(), config.sqpoll(),
                    staging.regionAddress(), staging.regionLength());
            }
            catch (final RuntimeException | Error ex)
            {
                staging.close();
                throw ex;
            }
            final DeviceQueue queue = new DeviceQueue(loop, tier, engine, staging, new PollBackoff(), rxBytes,
                txBytes, DeviceQueue.DEFAULT_BACKLOG_TIMEOUT_NANOS, SystemNanoClock.INSTANCE);
            allQueues.add(queue);
            queues[tier.kind().code()] = queue;
        }
        return queues;
    }
}
