package io.pocket.controlplane.cluster;

import io.pocket.config.ConfigValues;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.transport.Transport;

import java.nio.file.Path;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * What an embedded cluster looks like: the controller's port, how many storage servers and how
 * much DRAM each, their NVMe and disk tiers (each server its own file, see {@link #deviceOfServer}),
 * the block size, and the failure-detection timing. Validated by {@link #conclude()}.
 */
public final class LocalClusterContext
{
    public static final String CONTROLLER_PORT_PROP = "pocket.local.controllerPort";
    public static final String METADATA_PORT_PROP = "pocket.local.metadataPort";
    public static final String STORAGE_SERVERS_PROP = "pocket.local.storageServers";
    public static final String DRAM_PROP = "pocket.local.dram";
    public static final String BLOCK_SIZE_PROP = "pocket.local.blockSize";
    public static final String HEARTBEAT_PROP = "pocket.local.heartbeatIntervalMs";
    public static final String LOST_AFTER_PROP = "pocket.local.lostAfterMs";
    public static final String TRANSPORT_PROP = "pocket.local.transport";
    /** NVMe tier of every storage server, {@code PATH:SIZE}; none by default. */
    public static final String NVME_PROP = "pocket.local.nvme";
    /** Keep the NVMe and disk files' contents across restarts (default: reset at start). */
    public static final String NVME_KEEP_PROP = "pocket.local.nvmeKeep";
    /** Write one byte per page of every DRAM arena at start-up (see StorageServerContext#PRETOUCH_PROP). */
    public static final String PRETOUCH_PROP = "pocket.local.pretouch";
    public static final boolean PRETOUCH_DEFAULT = true;
    /** Let the kernel poll the NVMe submission queue (io_uring SQPOLL). */
    public static final String NVME_SQPOLL_PROP = "pocket.local.nvmeSqpoll";
    /** Disk (SSD/HDD) tier of every storage server, {@code PATH:SIZE}; none by default. */
    public static final String DISK_PROP = "pocket.local.disk";
    /** I/O engine of the device tiers: io_uring, posix or auto. */
    public static final String IO_ENGINE_PROP = "pocket.local.ioEngine";

    private int controllerPort = 0;
    private int metadataPort = 0;
    private int storageServers = 2;
    private long dram = 1L << 30;
    private int blockSize = 64 * 1024;
    private int heartbeatIntervalMs = 1000;
    private long lostAfterMs = 3000;
    private LongSupplier controllerClock;
    private Transport.Kind transport = Transport.Kind.AUTO;
    private DeviceSpec nvme;
    private boolean nvmeKeep;
    private boolean pretouch = PRETOUCH_DEFAULT;
    private boolean nvmeSqpoll;
    private DeviceSpec disk;
    private IoEngineKind ioEngine = IoEngineKind.AUTO;

    /** A context with the defaults overridden by whichever {@code pocket.local.*} keys are present. */
    public static LocalClusterContext fromProperties(final Properties properties)
    {
        return new LocalClusterContext().applyProperties(properties);
    }

    /**
     * Overrides options with the {@code pocket.local.*} keys present in {@code properties}.
     *
     * @return this
     */
    public LocalClusterContext applyProperties(final Properties properties)
    {
        controllerPort(ConfigValues.intNumber(properties, CONTROLLER_PORT_PROP, controllerPort));
        metadataPort(ConfigValues.intNumber(properties, METADATA_PORT_PROP, metadataPort));
        storageServers(ConfigValues.intNumber(properties, STORAGE_SERVERS_PROP, storageServers));
        final String dramValue = properties.getProperty(DRAM_PROP);
        if (dramValue != null)
        {
            dram(ConfigValues.size(DRAM_PROP, dramValue));
        }
        final String blockSizeValue = properties.getProperty(BLOCK_SIZE_PROP);
        if (blockSizeValue != null)
        {
            blockSize((int)Math.min(Integer.MAX_VALUE, ConfigValues.size(BLOCK_SIZE_PROP, blockSizeValue)));
        }
        heartbeatIntervalMs(ConfigValues.intNumber(properties, HEARTBEAT_PROP, heartbeatIntervalMs));
        lostAfterMs(ConfigValues.number(properties, LOST_AFTER_PROP, lostAfterMs));
        final String transportValue = properties.getProperty(TRANSPORT_PROP);
        if (transportValue != null)
        {
            try
            {
                transport(Transport.Kind.parse(transportValue));
            }
            catch (final InvalidArgumentException ex)
            {
                throw new InvalidArgumentException(TRANSPORT_PROP + ": " + ex.getMessage());
            }
        }
        final String nvmeValue = properties.getProperty(NVME_PROP);
        if (nvmeValue != null)
        {
            nvme(DeviceSpec.parse(NVME_PROP, nvmeValue));
        }
        nvmeKeep(ConfigValues.bool(properties, NVME_KEEP_PROP, nvmeKeep));
        pretouch(ConfigValues.bool(properties, PRETOUCH_PROP, pretouch));
        nvmeSqpoll(ConfigValues.bool(properties, NVME_SQPOLL_PROP, nvmeSqpoll));
        final String diskValue = properties.getProperty(DISK_PROP);
        if (diskValue != null)
        {
            disk(DeviceSpec.parse(DISK_PROP, diskValue));
        }
        final String engineValue = properties.getProperty(IO_ENGINE_PROP);
        if (engineValue != null)
        {
            ioEngine(engineValue);
        }
        return this;
    }

    public LocalClusterContext conclude()
    {
        ConfigValues.check(controllerPort >= 0 && controllerPort <= 65535, CONTROLLER_PORT_PROP, "must be a port, got " + controllerPort);
        ConfigValues.check(metadataPort >= 0 && metadataPort <= 65535, METADATA_PORT_PROP, "must be a port, got " + metadataPort);
        ConfigValues.check(storageServers >= 1 && storageServers <= 64, STORAGE_SERVERS_PROP,
            "must be between 1 and 64, got " + storageServers);
        ConfigValues.check(Integer.bitCount(blockSize) == 1 && blockSize >= 4096 && blockSize <= (1 << 20), BLOCK_SIZE_PROP,
            "must be a power of two between 4k and 1m, got " + Sizes.format(blockSize));
        if (null == nvme && null == disk)
        {
            ConfigValues.check(dram >= blockSize, DRAM_PROP, "must hold at least one block, got " + Sizes.format(dram));
        }
        else
        {
            ConfigValues.check(dram == 0 || dram >= blockSize, DRAM_PROP,
                "must be 0 (no DRAM tier) or hold at least one block, got " + Sizes.format(dram));
        }
        ConfigValues.check(heartbeatIntervalMs > 0, HEARTBEAT_PROP, "must be positive, got " + heartbeatIntervalMs);
        ConfigValues.check(lostAfterMs > heartbeatIntervalMs, LOST_AFTER_PROP, "must exceed the heartbeat interval, got " + lostAfterMs);
        ConfigValues.check(transport != null, TRANSPORT_PROP, "must be auto, epoll, io_uring or nio");
        checkDevice(nvme, NVME_PROP);
        checkDevice(disk, DISK_PROP);
        ConfigValues.check(nvme == null || disk == null || !nvme.path().equals(disk.path()), DISK_PROP,
            "must be another file than " + NVME_PROP + ", got " + disk);
        ConfigValues.check(ioEngine != null, IO_ENGINE_PROP, "must be io_uring, posix or auto");
        return this;
    }

    private void checkDevice(final DeviceSpec device, final String prop)
    {
        if (device != null)
        {
            ConfigValues.check(device.size() >= blockSize, prop, "must hold at least one block (" +
                Sizes.format(blockSize) + "), got " + Sizes.format(device.size()));
        }
    }

    /**
     * The file of the storage server started {@code index}-th (from 0): the configured path itself
     * for the only server of a cluster of one, else the path with {@code .index} appended
     * ({@code /data/pocket.nvme.0}, {@code .1}, ...; also for servers added later to a cluster of one).
     *
     * @return null if {@code device} is null (no such tier)
     */
    public DeviceSpec deviceOfServer(final DeviceSpec device, final int index)
    {
        if (device == null || (storageServers <= 1 && index == 0))
        {
            return device;
        }
        return new DeviceSpec(Path.of(device.path() + "." + index), device.size());
    }

    public LocalClusterContext controllerPort(final int port)
    {
        this.controllerPort = port;
        return this;
    }

    public LocalClusterContext metadataPort(final int port)
    {
        this.metadataPort = port;
        return this;
    }

    public LocalClusterContext storageServers(final int count)
    {
        this.storageServers = count;
        return this;
    }

    /** DRAM per storage server, in bytes. */
    public LocalClusterContext dram(final long bytes)
    {
        this.dram = bytes;
        return this;
    }

    public LocalClusterContext blockSize(final int bytes)
    {
        this.blockSize = bytes;
        return this;
    }

    public LocalClusterContext heartbeatIntervalMs(final int ms)
    {
        this.heartbeatIntervalMs = ms;
        return this;
    }

    public LocalClusterContext lostAfterMs(final long ms)
    {
        this.lostAfterMs = ms;
        return this;
    }

    /**
     * The controller's clock in milliseconds (monotonic); null (the default) for the controller's own. Tests inject
     * a clock that jumps, as a pause of the whole process looks to the controller. Not a property.
     */
    public LocalClusterContext controllerClock(final LongSupplier clock)
    {
        this.controllerClock = clock;
        return this;
    }

    public LongSupplier controllerClock()
    {
        return controllerClock;
    }

    /** Event loops of every server of the cluster: auto (io_uring when available, else NIO), epoll, io_uring or nio. */
    public LocalClusterContext transport(final Transport.Kind kind)
    {
        this.transport = kind;
        return this;
    }

    public Transport.Kind transport()
    {
        return transport;
    }

    /** NVMe tier of every storage server (each its own file), or null for none. */
    public LocalClusterContext nvme(final DeviceSpec device)
    {
        this.nvme = device;
        return this;
    }

    /** NVMe tier as {@code PATH:SIZE}; empty for none. */
    public LocalClusterContext nvme(final String spec)
    {
        return nvme(DeviceSpec.parse(NVME_PROP, spec));
    }

    public DeviceSpec nvme()
    {
        return nvme;
    }

    /**
     * Whether the storage servers fault in their DRAM arenas at start-up (default true), so a job's
     * first writes do not pay the kernel's page faults and zeroing on the block path.
     */
    public LocalClusterContext pretouch(final boolean pretouch)
    {
        this.pretouch = pretouch;
        return this;
    }

    public boolean pretouch()
    {
        return pretouch;
    }

    /** Keep the NVMe files' contents across restarts instead of resetting them at start (disk is always reset). */
    public LocalClusterContext nvmeKeep(final boolean keep)
    {
        this.nvmeKeep = keep;
        return this;
    }

    public boolean nvmeKeep()
    {
        return nvmeKeep;
    }

    /** Kernel-side submission queue polling for the NVMe tier (io_uring only). */
    public LocalClusterContext nvmeSqpoll(final boolean sqpoll)
    {
        this.nvmeSqpoll = sqpoll;
        return this;
    }

    public boolean nvmeSqpoll()
    {
        return nvmeSqpoll;
    }

    /** Disk tier of every storage server (each its own file), or null for none. */
    public LocalClusterContext disk(final DeviceSpec device)
    {
        this.disk = device;
        return this;
    }

    /** Disk tier as {@code PATH:SIZE}; empty for none. */
    public LocalClusterContext disk(final String spec)
    {
        return disk(DeviceSpec.parse(DISK_PROP, spec));
    }

    public DeviceSpec disk()
    {
        return disk;
    }

    public LocalClusterContext ioEngine(final IoEngineKind kind)
    {
        this.ioEngine = kind;
        return this;
    }

    /** I/O engine as text: io_uring, posix or auto. */
    public LocalClusterContext ioEngine(final String kind)
    {
        try
        {
            return ioEngine(IoEngineKind.parse(kind));
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(IO_ENGINE_PROP + ": " + ex.getMessage());
        }
    }

    public IoEngineKind ioEngine()
    {
        return ioEngine;
    }

    public int controllerPort()
    {
        return controllerPort;
    }

    public int metadataPort()
    {
        return metadataPort;
    }

    public int storageServers()
    {
        return storageServers;
    }

    public long dram()
    {
        return dram;
    }

    public int blockSize()
    {
        return blockSize;
    }

    public int heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public long lostAfterMs()
    {
        return lostAfterMs;
    }
}
