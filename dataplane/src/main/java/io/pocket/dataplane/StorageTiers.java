package io.pocket.dataplane;

import io.netty.util.concurrent.EventExecutor;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.dataplane.device.DeviceBlockPath;
import io.pocket.dataplane.device.DeviceQueueConfig;
import io.pocket.dataplane.io.IoEngines;
import io.pocket.dataplane.tier.BlockStore;
import io.pocket.dataplane.tier.DeviceTier;
import io.pocket.dataplane.tier.DiskTier;
import io.pocket.dataplane.tier.DramTier;
import io.pocket.dataplane.tier.NvmeTier;
import io.pocket.protocol.TierKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The tiers of one storage server, opened from its context: DRAM ({@code pocket.storage.dram}, unless 0), NVMe
 * ({@code pocket.storage.nvme}) and disk ({@code pocket.storage.disk}), all with the server's block size. A tier that
 * cannot be opened fails the start with an {@link InvalidArgumentException} naming its property.
 */
final class StorageTiers implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StorageTiers.class);

    private final BlockStore[] byKind = new BlockStore[TierKind.values().length];
    private final List<BlockStore> all = new ArrayList<>();

    private StorageTiers()
    {
    }

    /**
     * Open every configured tier; on failure those already opened are closed.
     *
     * @param ctx a concluded context.
     * @return the tiers.
     */
    static StorageTiers open(final StorageServerContext ctx)
    {
        final StorageTiers tiers = new StorageTiers();
        try
        {
            if (ctx.dram() > 0)
            {
                tiers.add(new DramTier(ctx.dram(), ctx.blockSize(), ctx.pretouch()));
            }
            if (null != ctx.nvme())
            {
                tiers.add(openDevice(StorageServerContext.NVME_PROP_NAME, ctx.nvme(), () ->
                    NvmeTier.open(ctx.nvme().path(), ctx.nvme().size(), ctx.blockSize(), ctx.nvmeKeep())));
            }
            if (null != ctx.disk())
            {
                tiers.add(openDevice(StorageServerContext.DISK_PROP_NAME, ctx.disk(), () ->
                    DiskTier.open(ctx.disk().path(), ctx.disk().size(), ctx.blockSize(), false)));
            }
            return tiers;
        }
        catch (final RuntimeException | Error ex)
        {
            tiers.close();
            throw ex;
        }
    }

    /** The DRAM tier, or null. */
    DramTier dram()
    {
        return (DramTier)byKind[TierKind.DRAM.code()];
    }

    /** The tier of a kind, or null. */
    BlockStore get(final TierKind kind)
    {
        return byKind[kind.code()];
    }

    /** Every tier, DRAM first. */
    List<BlockStore> all()
    {
        return all;
    }

    /**
     * The block path of the device tiers with a queue pair per event loop, or null without device tiers.
     *
     * @throws InvalidArgumentException naming {@code pocket.storage.ioEngine} if the engine cannot be used.
     */
    DeviceBlockPath openDevicePath(final StorageServerContext ctx, final Iterable<EventExecutor> loops)
    {
        final List<DeviceQueueConfig> configs = new ArrayList<>();
        final DeviceTier nvme = (DeviceTier)byKind[TierKind.NVME.code()];
        final DeviceTier disk = (DeviceTier)byKind[TierKind.DISK.code()];
        if (null != nvme)
        {
            configs.add(new DeviceQueueConfig(nvme, ctx.nvmeQueueDepth(), ctx.nvmeSqpoll()));
        }
        if (null != disk)
        {
            configs.add(new DeviceQueueConfig(disk, ctx.diskQueueDepth(), false));
        }
        if (configs.isEmpty())
        {
            return null;
        }
        try
        {
            return new DeviceBlockPath(loops, IoEngines.resolve(ctx.ioEngine()), configs);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(StorageServerContext.IO_ENGINE_PROP_NAME + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Drop the blocks a kept device tier loaded: the controller will hand them out again as new, from generation 1.
     *
     * @param why said in the log.
     */
    void forgetKeptBlocks(final String why)
    {
        for (final BlockStore tier : all)
        {
            if (tier instanceof DeviceTier && ((DeviceTier)tier).keep() && tier.usedBlocks() > 0)
            {
                LOG.info("{} tier {}: forgetting {} kept blocks: {}", tier.kind(), ((DeviceTier)tier).file().path(),
                    tier.usedBlocks(), why);
                tier.reset();
            }
        }
    }

    /** The tiers for the start-up log line, e.g. {@code DRAM 16384 x 64k, NVME 65536 x 64k}. */
    String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (final BlockStore tier : all)
        {
            text.append(text.length() == 0 ? "" : ", ").append(tier.kind()).append(' ').append(tier.blockCount())
                .append(" x ").append(Sizes.format(tier.blockSize()));
            if (tier instanceof DeviceTier)
            {
                text.append(" at ").append(((DeviceTier)tier).file().path());
            }
        }
        return text.toString();
    }

    /** Close every tier (saving kept generation tables); call once no I/O runs. */
    @Override
    public void close()
    {
        for (final BlockStore tier : all)
        {
            try
            {
                tier.close();
            }
            catch (final RuntimeException ex)
            {
                LOG.warn("closing the {} tier failed", tier.kind(), ex);
            }
        }
    }

    private void add(final BlockStore tier)
    {
        byKind[tier.kind().code()] = tier;
        all.add(tier);
    }

    private static DeviceTier openDevice(
        final String prop, final DeviceSpec spec, final java.util.function.Supplier<DeviceTier> opener)
    {
        try
        {
            return opener.get();
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(prop + ": " + ex.getMessage(), ex);
        }
        catch (final java.io.UncheckedIOException ex)
        {
            throw new InvalidArgumentException(prop + ": " + spec.path() + ": " + ex.getMessage(), ex);
        }
    }
}
