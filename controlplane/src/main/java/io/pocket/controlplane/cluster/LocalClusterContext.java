package io.pocket.controlplane.cluster;

import io.pocket.config.ConfigValues;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.transport.Transport;

/**
 * What an embedded cluster looks like: the controller's port, how many storage servers and how
 * much DRAM each, the block size, and the failure-detection timing. Validated by {@link #conclude()}.
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

    private int controllerPort = 0;
    private int metadataPort = 0;
    private int storageServers = 2;
    private long dram = 1L << 30;
    private int blockSize = 64 * 1024;
    private int heartbeatIntervalMs = 1000;
    private long lostAfterMs = 3000;
    private Transport.Kind transport = Transport.Kind.AUTO;

    public LocalClusterContext conclude()
    {
        ConfigValues.check(controllerPort >= 0 && controllerPort <= 65535, CONTROLLER_PORT_PROP, "must be a port, got " + controllerPort);
        ConfigValues.check(metadataPort >= 0 && metadataPort <= 65535, METADATA_PORT_PROP, "must be a port, got " + metadataPort);
        ConfigValues.check(storageServers >= 1 && storageServers <= 64, STORAGE_SERVERS_PROP,
            "must be between 1 and 64, got " + storageServers);
        ConfigValues.check(Integer.bitCount(blockSize) == 1 && blockSize >= 4096 && blockSize <= (1 << 20), BLOCK_SIZE_PROP,
            "must be a power of two between 4k and 1m, got " + Sizes.format(blockSize));
        ConfigValues.check(dram >= blockSize, DRAM_PROP, "must hold at least one block, got " + Sizes.format(dram));
        ConfigValues.check(heartbeatIntervalMs > 0, HEARTBEAT_PROP, "must be positive, got " + heartbeatIntervalMs);
        ConfigValues.check(lostAfterMs > heartbeatIntervalMs, LOST_AFTER_PROP, "must exceed the heartbeat interval, got " + lostAfterMs);
        ConfigValues.check(transport != null, TRANSPORT_PROP, "must be auto, epoll or nio");
        return this;
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

    /** Event loops of every server of the cluster: auto (NIO, measured fastest here), epoll or nio. */
    public LocalClusterContext transport(final Transport.Kind kind)
    {
        this.transport = kind;
        return this;
    }

    public Transport.Kind transport()
    {
        return transport;
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
