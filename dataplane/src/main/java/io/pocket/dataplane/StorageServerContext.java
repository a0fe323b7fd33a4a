package io.pocket.dataplane;

import io.pocket.config.ConfigValues;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.dataplane.io.IoEngines;
import io.pocket.dataplane.tier.DiskTier;
import io.pocket.dataplane.tier.DramTier;
import io.pocket.dataplane.tier.NvmeTier;
import io.pocket.transport.HostPort;
import io.pocket.transport.Transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Configuration of a storage server: where it listens and how it is reached, its tiers (DRAM, and optionally an NVMe
 * and a disk tier on O_DIRECT files or devices), its event loops and how it talks to the controller. Every option has a {@code pocket.storage.*} property, a default and fluent setters
 * (sizes and the transport also from text such as {@code "4g"}, as the command line gives them); {@link #conclude()}
 * validates them all.
 */
public final class StorageServerContext
{
    /** Controller {@code host:port}; absent (null) runs a standalone server with a fixed id, for tests. */
    public static final String CONTROLLER_PROP_NAME = "pocket.storage.controller";

    public static final String BIND_HOST_PROP_NAME = "pocket.storage.bindHost";
    public static final String BIND_HOST_DEFAULT = "0.0.0.0";

    /** Port to listen on; 0 picks any free port. */
    public static final String PORT_PROP_NAME = "pocket.storage.port";
    public static final int PORT_DEFAULT = 0;

    /** Host name or address that clients and metadata servers use to reach this server. */
    public static final String ADVERTISE_HOST_PROP_NAME = "pocket.storage.advertiseHost";
    public static final String ADVERTISE_HOST_DEFAULT = "127.0.0.1";

    /** Bytes of the DRAM tier, as a size ({@code 1g}); rounded down to whole blocks; 0 (none) needs a device tier. */
    public static final String DRAM_PROP_NAME = "pocket.storage.dram";
    public static final long DRAM_DEFAULT = 1L << 30;

    /** Block size, a power of two from 4k to 1m. */
    public static final String BLOCK_SIZE_PROP_NAME = "pocket.storage.blockSize";
    public static final int BLOCK_SIZE_DEFAULT = 64 * 1024;

    /** Always-running servers hold PERSIST data and are never removed by autoscaling. */
    public static final String ALWAYS_ON_PROP_NAME = "pocket.storage.alwaysOn";
    public static final boolean ALWAYS_ON_DEFAULT = true;

    /** auto, epoll, io_uring or nio. */
    public static final String TRANSPORT_PROP_NAME = "pocket.storage.transport";
    public static final Transport.Kind TRANSPORT_DEFAULT = Transport.Kind.AUTO;

    /** Netty event loop threads, shared by the server and its connections to the control plane. */
    public static final String IO_THREADS_PROP_NAME = "pocket.storage.ioThreads";
    public static final int IO_THREADS_DEFAULT = Math.min(2, Runtime.getRuntime().availableProcessors());

    /** Heartbeat period; 0 uses the period the controller sends at registration. */
    public static final String HEARTBEAT_INTERVAL_MS_PROP_NAME = "pocket.storage.heartbeatIntervalMs";
    public static final long HEARTBEAT_INTERVAL_MS_DEFAULT = 0;

    /** Write one byte per page of the arena at start-up so page faults do not hit the block path. */
    public static final String PRETOUCH_PROP_NAME = "pocket.storage.pretouch";
    public static final boolean PRETOUCH_DEFAULT = false;

    /** How long start-up keeps retrying registration while the controller is unreachable or has no metadata server. */
    public static final String REGISTER_TIMEOUT_MS_PROP_NAME = "pocket.storage.registerTimeoutMs";
    public static final long REGISTER_TIMEOUT_MS_DEFAULT = 30_000;

    /** Timeout of one connection attempt to the controller or a metadata server. */
    public static final String CONNECT_TIMEOUT_MS_PROP_NAME = "pocket.storage.connectTimeoutMs";
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 2_000;

    /** How long the server waits for the controller's or a metadata server's answer. */
    public static final String REQUEST_TIMEOUT_MS_PROP_NAME = "pocket.storage.requestTimeoutMs";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 5_000;

    /** Server id of a standalone server (no controller); ignored when a controller assigns one. */
    public static final String SERVER_ID_PROP_NAME = "pocket.storage.serverId";
    public static final int SERVER_ID_DEFAULT = 0;

    /** NVMe tier as {@code PATH:SIZE} ({@code /data/pocket.nvme:4g}); the file is created and sized if missing. */
    public static final String NVME_PROP_NAME = "pocket.storage.nvme";

    /** Keep the NVMe tier's blocks across a clean restart instead of resetting the file at start. */
    public static final String NVME_KEEP_PROP_NAME = "pocket.storage.nvmeKeep";
    public static final boolean NVME_KEEP_DEFAULT = false;

    /** Let a kernel thread poll the NVMe tier's io_uring submission queues (io_uring engine only). */
    public static final String NVME_SQPOLL_PROP_NAME = "pocket.storage.nvmeSqpoll";
    public static final boolean NVME_SQPOLL_DEFAULT = false;

    /** Requests in flight on the NVMe tier per I/O thread. */
    public static final String NVME_QUEUE_DEPTH_PROP_NAME = "pocket.storage.nvmeQueueDepth";
    public static final int NVME_QUEUE_DEPTH_DEFAULT = NvmeTier.DEFAULT_QUEUE_DEPTH;

    /** Disk (SSD/HDD) tier as {@code PATH:SIZE}; the file is created and sized if missing. Always ephemeral. */
    public static final String DISK_PROP_NAME = "pocket.storage.disk";

    /** Requests in flight on the disk tier per I/O thread. */
    public static final String DISK_QUEUE_DEPTH_PROP_NAME = "pocket.storage.diskQueueDepth";
    public static final int DISK_QUEUE_DEPTH_DEFAULT = DiskTier.DEFAULT_QUEUE_DEPTH;

    /** I/O engine of the device tiers: io_uring, posix or auto (io_uring when it works here). */
    public static final String IO_ENGINE_PROP_NAME = "pocket.storage.ioEngine";
    public static final IoEngineKind IO_ENGINE_DEFAULT = IoEngineKind.AUTO;

    /** Bytes a frame may carry beyond one block of data (headers, block reference). */
    public static final int FRAME_OVERHEAD = 4096;

    /** Prefix of every key of this context. */
    public static final String PREFIX = "pocket.storage.";

    /** Every key of this context. */
    public static final Set<String> KNOWN_PROPS = Set.of(CONTROLLER_PROP_NAME, BIND_HOST_PROP_NAME, PORT_PROP_NAME,
        ADVERTISE_HOST_PROP_NAME, DRAM_PROP_NAME, BLOCK_SIZE_PROP_NAME, ALWAYS_ON_PROP_NAME, TRANSPORT_PROP_NAME,
        IO_THREADS_PROP_NAME, HEARTBEAT_INTERVAL_MS_PROP_NAME, PRETOUCH_PROP_NAME, REGISTER_TIMEOUT_MS_PROP_NAME,
        CONNECT_TIMEOUT_MS_PROP_NAME, REQUEST_TIMEOUT_MS_PROP_NAME, SERVER_ID_PROP_NAME, NVME_PROP_NAME,
        NVME_KEEP_PROP_NAME, NVME_SQPOLL_PROP_NAME, NVME_QUEUE_DEPTH_PROP_NAME, DISK_PROP_NAME,
        DISK_QUEUE_DEPTH_PROP_NAME, IO_ENGINE_PROP_NAME);

    private String controller;
    private String bindHost = BIND_HOST_DEFAULT;
    private int port = PORT_DEFAULT;
    private String advertiseHost = ADVERTISE_HOST_DEFAULT;
    private long dram = DRAM_DEFAULT;
    private int blockSize = BLOCK_SIZE_DEFAULT;
    private boolean alwaysOn = ALWAYS_ON_DEFAULT;
    private Transport.Kind transport = TRANSPORT_DEFAULT;
    private int ioThreads = IO_THREADS_DEFAULT;
    private long heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS_DEFAULT;
    private boolean pretouch = PRETOUCH_DEFAULT;
    private long registerTimeoutMs = REGISTER_TIMEOUT_MS_DEFAULT;
    private long connectTimeoutMs = CONNECT_TIMEOUT_MS_DEFAULT;
    private long requestTimeoutMs = REQUEST_TIMEOUT_MS_DEFAULT;
    private int serverId = SERVER_ID_DEFAULT;
    private DeviceSpec nvme;
    private boolean nvmeKeep = NVME_KEEP_DEFAULT;
    private boolean nvmeSqpoll = NVME_SQPOLL_DEFAULT;
    private int nvmeQueueDepth = NVME_QUEUE_DEPTH_DEFAULT;
    private DeviceSpec disk;
    private int diskQueueDepth = DISK_QUEUE_DEPTH_DEFAULT;
    private IoEngineKind ioEngine = IO_ENGINE_DEFAULT;

    /** A context with the defaults overridden by whichever {@code pocket.storage.*} keys are present. */
    public static StorageServerContext fromProperties(final Properties properties)
    {
        return new StorageServerContext().applyProperties(properties);
    }

    /**
     * Overrides options with the {@code pocket.storage.*} keys present in {@code properties}; an unknown
     * {@code pocket.storage.*} key (a typo) is refused.
     *
     * @return this
     */
    public StorageServerContext applyProperties(final Properties properties)
    {
        ConfigValues.refuseUnknown(properties, PREFIX, KNOWN_PROPS);
        final String controllerValue = properties.getProperty(CONTROLLER_PROP_NAME);
        if (controllerValue != null)
        {
            controller(controllerValue.isBlank() ? null : controllerValue.trim());
        }
        bindHost(properties.getProperty(BIND_HOST_PROP_NAME, bindHost).trim());
        advertiseHost(properties.getProperty(ADVERTISE_HOST_PROP_NAME, advertiseHost).trim());
        port((int)ConfigValues.number(properties, PORT_PROP_NAME, port));
        final String dramValue = properties.getProperty(DRAM_PROP_NAME);
        if (dramValue != null)
        {
            dram(dramValue);
        }
        final String blockSizeValue = properties.getProperty(BLOCK_SIZE_PROP_NAME);
        if (blockSizeValue != null)
        {
            blockSize(blockSizeValue);
        }
        alwaysOn(ConfigValues.bool(properties, ALWAYS_ON_PROP_NAME, alwaysOn));
        final String transportValue = properties.getProperty(TRANSPORT_PROP_NAME);
        if (transportValue != null)
        {
            transport(transportValue);
        }
        ioThreads((int)ConfigValues.number(properties, IO_THREADS_PROP_NAME, ioThreads));
        heartbeatIntervalMs(ConfigValues.number(properties, HEARTBEAT_INTERVAL_MS_PROP_NAME, heartbeatIntervalMs));
        pretouch(ConfigValues.bool(properties, PRETOUCH_PROP_NAME, pretouch));
        registerTimeoutMs(ConfigValues.number(properties, REGISTER_TIMEOUT_MS_PROP_NAME, registerTimeoutMs));
        connectTimeoutMs(ConfigValues.number(properties, CONNECT_TIMEOUT_MS_PROP_NAME, connectTimeoutMs));
        requestTimeoutMs(ConfigValues.number(properties, REQUEST_TIMEOUT_MS_PROP_NAME, requestTimeoutMs));
        serverId((int)ConfigValues.number(properties, SERVER_ID_PROP_NAME, serverId));
        final String nvmeValue = properties.getProperty(NVME_PROP_NAME);
        if (nvmeValue != null)
        {
            nvme(nvmeValue);
        }
        nvmeKeep(ConfigValues.bool(properties, NVME_KEEP_PROP_NAME, nvmeKeep));
        nvmeSqpoll(ConfigValues.bool(properties, NVME_SQPOLL_PROP_NAME, nvmeSqpoll));
        nvmeQueueDepth(ConfigValues.intNumber(properties, NVME_QUEUE_DEPTH_PROP_NAME, nvmeQueueDepth));
        final String diskValue = properties.getProperty(DISK_PROP_NAME);
        if (diskValue != null)
        {
            disk(diskValue);
        }
        diskQueueDepth(ConfigValues.intNumber(properties, DISK_QUEUE_DEPTH_PROP_NAME, diskQueueDepth));
        final String ioEngineValue = properties.getProperty(IO_ENGINE_PROP_NAME);
        if (ioEngineValue != null)
        {
            ioEngine(ioEngineValue);
        }
        return this;
    }

    /**
     * Checks every option; throws {@link InvalidArgumentException} whose message starts with the property name of the
     * first bad one.
     *
     * @return this
     */
    public StorageServerContext conclude()
    {
        if (controller != null)
        {
            try
            {
                HostPort.parse(controller);
            }
            catch (final InvalidArgumentException ex)
            {
                throw new InvalidArgumentException(CONTROLLER_PROP_NAME + ": " + ex.getMessage());
            }
        }
        ConfigValues.requireText(bindHost, BIND_HOST_PROP_NAME);
        ConfigValues.requireText(advertiseHost, ADVERTISE_HOST_PROP_NAME);
        ConfigValues.require(port >= 0 && port <= 65535, PORT_PROP_NAME, "must be 0..65535", port);
        if (blockSize < DramTier.MIN_BLOCK_SIZE || blockSize > DramTier.MAX_BLOCK_SIZE ||
            Integer.bitCount(blockSize) != 1)
        {
            throw new InvalidArgumentException(BLOCK_SIZE_PROP_NAME + ": must be a power of two from " +
                Sizes.format(DramTier.MIN_BLOCK_SIZE) + " to " + Sizes.format(DramTier.MAX_BLOCK_SIZE) + ", got " +
                Sizes.format(blockSize));
        }
        final boolean deviceTier = null != nvme || null != disk;
        if (dram < blockSize && !(0 == dram && deviceTier))
        {
            throw new InvalidArgumentException(DRAM_PROP_NAME + ": must be at least one block (" + Sizes.format(blockSize) +
                ")" + (deviceTier ? " or 0 (no DRAM tier)" : "") + ", got " + Sizes.format(dram));
        }
        if (dram / blockSize > Integer.MAX_VALUE - 8)
        {
            throw new InvalidArgumentException(DRAM_PROP_NAME + ": too many blocks of " + Sizes.format(blockSize) +
                " (at most " + (Integer.MAX_VALUE - 8) + "), got " + Sizes.format(dram) + "; use larger blocks");
        }
        if (transport == null)
        {
            throw new InvalidArgumentException(TRANSPORT_PROP_NAME + ": must be auto, epoll, io_uring or nio");
        }
        ConfigValues.require(ioThreads >= 1 && ioThreads <= 256, IO_THREADS_PROP_NAME, "must be 1..256", ioThreads);
        ConfigValues.require(heartbeatIntervalMs >= 0 && heartbeatIntervalMs <= 3_600_000, HEARTBEAT_INTERVAL_MS_PROP_NAME,
            "must be 0 (the controller's) .. 3600000", heartbeatIntervalMs);
        ConfigValues.require(registerTimeoutMs >= 0 && registerTimeoutMs <= Integer.MAX_VALUE,
            REGISTER_TIMEOUT_MS_PROP_NAME, "must be 0.." + Integer.MAX_VALUE, registerTimeoutMs);
        ConfigValues.require(connectTimeoutMs >= 1 && connectTimeoutMs <= Integer.MAX_VALUE, CONNECT_TIMEOUT_MS_PROP_NAME,
            "must be 1.." + Integer.MAX_VALUE, connectTimeoutMs);
        ConfigValues.require(requestTimeoutMs >= 1 && requestTimeoutMs <= Integer.MAX_VALUE, REQUEST_TIMEOUT_MS_PROP_NAME,
            "must be 1.." + Integer.MAX_VALUE, requestTimeoutMs);
        ConfigValues.require(serverId >= 0, SERVER_ID_PROP_NAME, "must be >= 0", serverId);
        checkDevice(NVME_PROP_NAME, nvme);
        checkDevice(DISK_PROP_NAME, disk);
        if (null != nvme && null != disk && nvme.path().toAbsolutePath().normalize().equals(
            disk.path().toAbsolutePath().normalize()))
        {
            throw new InvalidArgumentException(DISK_PROP_NAME + ": must not be the NVMe tier's file " + nvme.path());
        }
        ConfigValues.require(nvmeQueueDepth >= 1 && nvmeQueueDepth <= IoEngines.MAX_QUEUE_DEPTH,
            NVME_QUEUE_DEPTH_PROP_NAME, "must be 1.." + IoEngines.MAX_QUEUE_DEPTH, nvmeQueueDepth);
        ConfigValues.require(diskQueueDepth >= 1 && diskQueueDepth <= IoEngines.MAX_QUEUE_DEPTH,
            DISK_QUEUE_DEPTH_PROP_NAME, "must be 1.." + IoEngines.MAX_QUEUE_DEPTH, diskQueueDepth);
        if (ioEngine == null)
        {
            throw new InvalidArgumentException(IO_ENGINE_PROP_NAME + ": must be io_uring, posix or auto");
        }
        return this;
    }

    private void checkDevice(final String prop, final DeviceSpec spec)
    {
        if (null == spec)
        {
            return;
        }
        if (spec.size() < blockSize)
        {
            throw new InvalidArgumentException(prop + ": size must be at least one block (" +
                Sizes.format(blockSize) + "), got " + Sizes.format(spec.size()));
        }
        if (spec.size() / blockSize > Integer.MAX_VALUE - 8)
        {
            throw new InvalidArgumentException(prop + ": too many blocks of " + Sizes.format(blockSize) +
                " (at most " + (Integer.MAX_VALUE - 8) + "), got " + Sizes.format(spec.size()) + "; use larger blocks");
        }
    }

    public String controller()
    {
        return controller;
    }

    /** Controller {@code host:port}, or null for a standalone server. */
    public StorageServerContext controller(final String controller)
    {
        this.controller = controller;
        return this;
    }

    public String bindHost()
    {
        return bindHost;
    }

    public StorageServerContext bindHost(final String bindHost)
    {
        this.bindHost = bindHost;
        return this;
    }

    public int port()
    {
        return port;
    }

    public StorageServerContext port(final int port)
    {
        this.port = port;
        return this;
    }

    public String advertiseHost()
    {
        return advertiseHost;
    }

    public StorageServerContext advertiseHost(final String advertiseHost)
    {
        this.advertiseHost = advertiseHost;
        return this;
    }

    /** Bytes of the DRAM tier. */
    public long dram()
    {
        return dram;
    }

    public StorageServerContext dram(final long bytes)
    {
        this.dram = bytes;
        return this;
    }

    /** Bytes of the DRAM tier as a size such as {@code 4g}. */
    public StorageServerContext dram(final String size)
    {
        return dram(ConfigValues.size(DRAM_PROP_NAME, size));
    }

    public int blockSize()
    {
        return blockSize;
    }

    public StorageServerContext blockSize(final int bytes)
    {
        this.blockSize = bytes;
        return this;
    }

    /** Block size as a size such as {@code 64k}. */
    public StorageServerContext blockSize(final String size)
    {
        final long bytes = ConfigValues.size(BLOCK_SIZE_PROP_NAME, size);
        return blockSize((int)Math.min(bytes, Integer.MAX_VALUE));
    }

    public boolean alwaysOn()
    {
        return alwaysOn;
    }

    public StorageServerContext alwaysOn(final boolean alwaysOn)
    {
        this.alwaysOn = alwaysOn;
        return this;
    }

    public Transport.Kind transport()
    {
        return transport;
    }

    public StorageServerContext transport(final Transport.Kind transport)
    {
        this.transport = transport;
        return this;
    }

    /** Transport as text: auto, epoll, io_uring or nio. */
    public StorageServerContext transport(final String kind)
    {
        try
        {
            return transport(Transport.Kind.parse(kind));
        }
        catch (final InvalidArgumentException | NullPointerException ex)
        {
            throw new InvalidArgumentException(TRANSPORT_PROP_NAME + ": must be auto, epoll, io_uring or nio, got '" + kind + "'");
        }
    }

    public int ioThreads()
    {
        return ioThreads;
    }

    public StorageServerContext ioThreads(final int ioThreads)
    {
        this.ioThreads = ioThreads;
        return this;
    }

    /** Heartbeat period override in ms; 0 means the controller's. */
    public long heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public StorageServerContext heartbeatIntervalMs(final long heartbeatIntervalMs)
    {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    public boolean pretouch()
    {
        return pretouch;
    }

    public StorageServerContext pretouch(final boolean pretouch)
    {
        this.pretouch = pretouch;
        return this;
    }

    public long registerTimeoutMs()
    {
        return registerTimeoutMs;
    }

    public StorageServerContext registerTimeoutMs(final long registerTimeoutMs)
    {
        this.registerTimeoutMs = registerTimeoutMs;
        return this;
    }

    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    public StorageServerContext connectTimeoutMs(final long connectTimeoutMs)
    {
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    public long requestTimeoutMs()
    {
        return requestTimeoutMs;
    }

    public StorageServerContext requestTimeoutMs(final long requestTimeoutMs)
    {
        this.requestTimeoutMs = requestTimeoutMs;
        return this;
    }

    /** Id of a standalone server. */
    public int serverId()
    {
        return serverId;
    }

    public StorageServerContext serverId(final int serverId)
    {
        this.serverId = serverId;
        return this;
    }

    /** NVMe tier, or null for none. */
    public DeviceSpec nvme()
    {
        return nvme;
    }

    public StorageServerContext nvme(final DeviceSpec spec)
    {
        this.nvme = spec;
        return this;
    }

    /** NVMe tier as {@code PATH:SIZE}; empty or null for none. */
    public StorageServerContext nvme(final String spec)
    {
        return nvme(DeviceSpec.parse(NVME_PROP_NAME, spec));
    }

    public boolean nvmeKeep()
    {
        return nvmeKeep;
    }

    public StorageServerContext nvmeKeep(final boolean keep)
    {
        this.nvmeKeep = keep;
        return this;
    }

    public boolean nvmeSqpoll()
    {
        return nvmeSqpoll;
    }

    public StorageServerContext nvmeSqpoll(final boolean sqpoll)
    {
        this.nvmeSqpoll = sqpoll;
        return this;
    }

    public int nvmeQueueDepth()
    {
        return nvmeQueueDepth;
    }

    public StorageServerContext nvmeQueueDepth(final int queueDepth)
    {
        this.nvmeQueueDepth = queueDepth;
        return this;
    }

    /** Disk tier, or null for none. */
    public DeviceSpec disk()
    {
        return disk;
    }

    public StorageServerContext disk(final DeviceSpec spec)
    {
        this.disk = spec;
        return this;
    }

    /** Disk tier as {@code PATH:SIZE}; empty or null for none. */
    public StorageServerContext disk(final String spec)
    {
        return disk(DeviceSpec.parse(DISK_PROP_NAME, spec));
    }

    public int diskQueueDepth()
    {
        return diskQueueDepth;
    }

    public StorageServerContext diskQueueDepth(final int queueDepth)
    {
        this.diskQueueDepth = queueDepth;
        return this;
    }

    public IoEngineKind ioEngine()
    {
        return ioEngine;
    }

    public StorageServerContext ioEngine(final IoEngineKind kind)
    {
        this.ioEngine = kind;
        return this;
    }

    /** I/O engine as text: io_uring, posix or auto. */
    public StorageServerContext ioEngine(final String kind)
    {
        try
        {
            return ioEngine(IoEngineKind.parse(kind));
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(IO_ENGINE_PROP_NAME + ": must be io_uring, posix or auto, got '" + kind +
                "'");
        }
    }

    /** Longest frame accepted: one block of data plus {@link #FRAME_OVERHEAD}. */
    public int maxFrameLength()
    {
        return blockSize + FRAME_OVERHEAD;
    }

    /** Blocks of the DRAM tier. */
    public long blockCount()
    {
        return dram / blockSize;
    }

    /** Every option as its {@code pocket.storage.*} key and text that {@link #applyProperties} reads back. */
    public Map<String, String> toProperties()
    {
        final Map<String, String> map = new LinkedHashMap<>();
        map.put(CONTROLLER_PROP_NAME, controller == null ? "" : controller);
        map.put(BIND_HOST_PROP_NAME, bindHost);
        map.put(PORT_PROP_NAME, Integer.toString(port));
        map.put(ADVERTISE_HOST_PROP_NAME, advertiseHost);
        map.put(DRAM_PROP_NAME, ConfigValues.exactSize(dram));
        map.put(BLOCK_SIZE_PROP_NAME, ConfigValues.exactSize(blockSize));
        map.put(ALWAYS_ON_PROP_NAME, Boolean.toString(alwaysOn));
        map.put(TRANSPORT_PROP_NAME, ConfigValues.text(transport));
        map.put(IO_THREADS_PROP_NAME, Integer.toString(ioThreads));
        map.put(HEARTBEAT_INTERVAL_MS_PROP_NAME, Long.toString(heartbeatIntervalMs));
        map.put(PRETOUCH_PROP_NAME, Boolean.toString(pretouch));
        map.put(REGISTER_TIMEOUT_MS_PROP_NAME, Long.toString(registerTimeoutMs));
        map.put(CONNECT_TIMEOUT_MS_PROP_NAME, Long.toString(connectTimeoutMs));
        map.put(REQUEST_TIMEOUT_MS_PROP_NAME, Long.toString(requestTimeoutMs));
        map.put(SERVER_ID_PROP_NAME, Integer.toString(serverId));
        map.put(NVME_PROP_NAME, deviceText(nvme));
        map.put(NVME_KEEP_PROP_NAME, Boolean.toString(nvmeKeep));
        map.put(NVME_SQPOLL_PROP_NAME, Boolean.toString(nvmeSqpoll));
        map.put(NVME_QUEUE_DEPTH_PROP_NAME, Integer.toString(nvmeQueueDepth));
        map.put(DISK_PROP_NAME, deviceText(disk));
        map.put(DISK_QUEUE_DEPTH_PROP_NAME, Integer.toString(diskQueueDepth));
        map.put(IO_ENGINE_PROP_NAME, String.valueOf(ioEngine));
        return map;
    }

    /** An independent copy with the same options. */
    public StorageServerContext copy()
    {
        final Properties properties = new Properties();
        properties.putAll(toProperties());
        return new StorageServerContext().applyProperties(properties);
    }

    private static String deviceText(final DeviceSpec spec)
    {
        return spec == null ? "" : spec.path() + ":" + ConfigValues.exactSize(spec.size());
    }

    @Override
    public String toString()
    {
        return "StorageServerContext{controller=" + controller +
            ", bindHost=" + bindHost +
            ", port=" + port +
            ", advertiseHost=" + advertiseHost +
            ", dram=" + Sizes.format(dram) +
            ", blockSize=" + Sizes.format(blockSize) +
            ", alwaysOn=" + alwaysOn +
            ", transport=" + transport +
            ", ioThreads=" + ioThreads +
            ", heartbeatIntervalMs=" + heartbeatIntervalMs +
            ", pretouch=" + pretouch +
            ", registerTimeoutMs=" + registerTimeoutMs +
            ", serverId=" + serverId +
            ", nvme=" + nvme +
            ", nvmeKeep=" + nvmeKeep +
            ", nvmeSqpoll=" + nvmeSqpoll +
            ", nvmeQueueDepth=" + nvmeQueueDepth +
            ", disk=" + disk +
            ", diskQueueDepth=" + diskQueueDepth +
            ", ioEngine=" + ioEngine +
            '}';
    }
}
