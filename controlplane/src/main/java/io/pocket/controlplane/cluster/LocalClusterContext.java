package io.pocket.controlplane.cluster;

import io.pocket.client.InvalidArgumentException;
import io.pocket.config.ConfigValues;
import io.pocket.controlplane.controller.ControllerContext;
import io.pocket.controlplane.metadata.MetadataServerContext;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.StorageServerContext;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.transport.Transport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What an embedded cluster looks like: the contexts of the controller, the metadata server and the storage servers it
 * starts (each storage server a copy of {@link #storage()} with its own NVMe and disk files, see
 * {@link #deviceOfServer}), and how many storage servers. Their own {@code pocket.controller.*},
 * {@code pocket.metadata.*} and {@code pocket.storage.*} keys apply; the cluster adds {@value #STORAGE_SERVERS_PROP_NAME}.
 * An embedded cluster listens on loopback on free ports and pretouches its arenas unless told otherwise; the setters
 * here that span components (block size, transport, heartbeat) set every component concerned.
 */
public final class LocalClusterContext
{
    /** Storage servers started with the cluster. */
    public static final String STORAGE_SERVERS_PROP_NAME = "pocket.local.storageServers";
    public static final int STORAGE_SERVERS_DEFAULT = 2;

    /** Prefix of the keys of the cluster itself. */
    public static final String PREFIX = "pocket.local.";

    /** The keys of the cluster itself (its components' keys are theirs). */
    public static final Set<String> KNOWN_PROPS = Set.of(STORAGE_SERVERS_PROP_NAME);

    /** Address every embedded server binds and advertises. */
    public static final String LOOPBACK = "127.0.0.1";

    private final ControllerContext controller = new ControllerContext().host(LOOPBACK).port(0);
    private final MetadataServerContext metadata = new MetadataServerContext().bindHost(LOOPBACK).port(0);
    private final StorageServerContext storage =
        new StorageServerContext().bindHost(LOOPBACK).advertiseHost(LOOPBACK).pretouch(true);
    private int storageServers = STORAGE_SERVERS_DEFAULT;
    private LongSupplier controllerClock;

    /** A context with the embedded defaults overridden by whichever keys of its components are present. */
    public static LocalClusterContext fromProperties(final Properties properties)
    {
        return new LocalClusterContext().applyProperties(properties);
    }

    /**
     * Overrides options with the {@code pocket.local.*}, {@code pocket.controller.*}, {@code pocket.metadata.*} and
     * {@code pocket.storage.*} keys present in {@code properties}; an unknown key under those is refused naming it.
     *
     * @return this
     */
    public LocalClusterContext applyProperties(final Properties properties)
    {
        ConfigValues.refuseUnknown(properties, PREFIX, KNOWN_PROPS);
        controller.applyProperties(properties);
        metadata.applyProperties(properties);
        storage.applyProperties(properties);
        storageServers = ConfigValues.intNumber(properties, STORAGE_SERVERS_PROP_NAME, storageServers);
        return this;
    }

    /** Every option of the cluster and its components as key and text that {@link #applyProperties} reads back. */
    public Map<String, String> toProperties()
    {
        final Map<String, String> map = new LinkedHashMap<>();
        map.put(STORAGE_SERVERS_PROP_NAME, Integer.toString(storageServers));
        map.putAll(controller.toProperties());
        map.putAll(metadata.toProperties());
        map.putAll(storage.toProperties());
        return map;
    }

    /** Validates the cluster and each component; fails naming the first bad key. */
    public LocalClusterContext conclude()
    {
        ConfigValues.check(storageServers >= 1 && storageServers <= 64, STORAGE_SERVERS_PROP_NAME,
            "must be between 1 and 64, got " + storageServers);
        controller.conclude();
        metadata.conclude();
        storage.conclude();
        if (metadata.blockSize() != storage.blockSize())
        {
            throw new InvalidArgumentException(MetadataServerContext.BLOCK_SIZE_PROP_NAME + ": must equal " +
                StorageServerContext.BLOCK_SIZE_PROP_NAME + " (" + ConfigValues.exactSize(storage.blockSize()) +
                ") in a local cluster, got " + ConfigValues.exactSize(metadata.blockSize()));
        }
        return this;
    }

    /** The controller the cluster starts (its address is the cluster's). */
    public ControllerContext controller()
    {
        return controller;
    }

    /** The metadata server the cluster starts; its controller is set by the cluster. */
    public MetadataServerContext metadata()
    {
        return metadata;
    }

    /**
     * What every storage server of the cluster is started with; each gets its own device files
     * ({@link #deviceOfServer}), port ({@link #portOfServer}) and the cluster's controller.
     */
    public StorageServerContext storage()
    {
        return storage;
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

    /** The port of the storage server started {@code index}-th: any free one, or the configured port plus index. */
    public int portOfServer(final int index)
    {
        return storage.port() == 0 ? 0 : storage.port() + index;
    }

    public LocalClusterContext storageServers(final int count)
    {
        this.storageServers = count;
        return this;
    }

    public int storageServers()
    {
        return storageServers;
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

    /** The controller's port ({@link ControllerContext#port(int)}). */
    public LocalClusterContext controllerPort(final int port)
    {
        controller.port(port);
        return this;
    }

    /** The metadata server's port ({@link MetadataServerContext#port(int)}). */
    public LocalClusterContext metadataPort(final int port)
    {
        metadata.port(port);
        return this;
    }

    /** DRAM per storage server, in bytes. */
    public LocalClusterContext dram(final long bytes)
    {
        storage.dram(bytes);
        return this;
    }

    public long dram()
    {
        return storage.dram();
    }

    /** Block size of the storage servers and the metadata server. */
    public LocalClusterContext blockSize(final int bytes)
    {
        storage.blockSize(bytes);
        metadata.blockSize(bytes);
        return this;
    }

    public int blockSize()
    {
        return storage.blockSize();
    }

    /** Heartbeat period the controller gives storage servers, and the metadata server's check of the controller. */
    public LocalClusterContext heartbeatIntervalMs(final int ms)
    {
        controller.heartbeatIntervalMs(ms);
        metadata.controllerHeartbeatMs(ms);
        return this;
    }

    /** When the controller declares a silent storage server lost. */
    public LocalClusterContext lostAfterMs(final long ms)
    {
        controller.lostAfterMs(ms);
        return this;
    }

    /** Event loops of every server of the cluster. */
    public LocalClusterContext transport(final Transport.Kind kind)
    {
        controller.transport(kind);
        metadata.transport(kind);
        storage.transport(kind);
        return this;
    }

    /** NVMe tier of every storage server (each its own file), or null for none. */
    public LocalClusterContext nvme(final DeviceSpec device)
    {
        storage.nvme(device);
        return this;
    }

    /** NVMe tier as {@code PATH:SIZE}; empty for none. */
    public LocalClusterContext nvme(final String spec)
    {
        storage.nvme(spec);
        return this;
    }

    public DeviceSpec nvme()
    {
        return storage.nvme();
    }

    public LocalClusterContext nvmeKeep(final boolean keep)
    {
        storage.nvmeKeep(keep);
        return this;
    }

    public LocalClusterContext nvmeSqpoll(final boolean sqpoll)
    {
        storage.nvmeSqpoll(sqpoll);
        return this;
    }

    /** Whether the storage servers fault in their DRAM arenas at start-up (default true for a local cluster). */
    public LocalClusterContext pretouch(final boolean pretouch)
    {
        storage.pretouch(pretouch);
        return this;
    }

    /** Disk tier of every storage server (each its own file), or null for none. */
    public LocalClusterContext disk(final DeviceSpec device)
    {
        storage.disk(device);
        return this;
    }

    /** Disk tier as {@code PATH:SIZE}; empty for none. */
    public LocalClusterContext disk(final String spec)
    {
        storage.disk(spec);
        return this;
    }

    public DeviceSpec disk()
    {
        return storage.disk();
    }

    public LocalClusterContext ioEngine(final IoEngineKind kind)
    {
        storage.ioEngine(kind);
        return this;
    }

    /** I/O engine as text: io_uring, posix or auto. */
    public LocalClusterContext ioEngine(final String kind)
    {
        storage.ioEngine(kind);
        return this;
    }
}
