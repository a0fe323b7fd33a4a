package io.pocket.controlplane.metadata;

import io.pocket.config.ConfigValues;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.transport.HostPort;
import io.pocket.transport.Transport;

import java.util.Properties;

/**
 * Configuration of a metadata server. Every option has a property name, a default and a check in
 * {@link #conclude()}, which fails naming the property.
 */
public final class MetadataServerContext
{
    public static final String CONTROLLER_PROP = "pocket.metadata.controller";
    public static final String BIND_HOST_PROP = "pocket.metadata.bindHost";
    public static final String PORT_PROP = "pocket.metadata.port";
    public static final String ADVERTISE_HOST_PROP = "pocket.metadata.advertiseHost";
    public static final String BLOCK_SIZE_PROP = "pocket.metadata.blockSize";
    public static final String PERSIST_TTL_PROP = "pocket.metadata.persistTtlSeconds";
    public static final String EXPIRY_PERIOD_PROP = "pocket.metadata.expiryPeriodMs";
    public static final String TRANSPORT_PROP = "pocket.metadata.transport";
    public static final String IO_THREADS_PROP = "pocket.metadata.ioThreads";
    public static final String MAX_FRAME_PROP = "pocket.metadata.maxFrameLength";
    public static final String REGISTER_TIMEOUT_PROP = "pocket.metadata.registerTimeoutMs";
    /** Period of the check that the controller still knows this server; a restarted one is registered with again. */
    public static final String CONTROLLER_HEARTBEAT_PROP = "pocket.metadata.controllerHeartbeatMs";
    public static final String INLINE_MAX_BYTES_PROP = "pocket.metadata.inlineMaxBytes";
    public static final String INLINE_BUDGET_PROP = "pocket.metadata.inlineBudget";

    /** Frame bytes of a PUT_INLINE request or LOOKUP answer besides the object (header, job id, name). */
    static final int INLINE_FRAME_OVERHEAD = 1024;

    private String controller;
    private String bindHost = "0.0.0.0";
    private int port = 0;
    private String advertiseHost = "127.0.0.1";
    private int blockSize = 64 * 1024;
    private long persistTtlSeconds = 24 * 3600;
    private long expiryPeriodMs = 1000;
    private Transport.Kind transport = Transport.Kind.AUTO;
    private int ioThreads = 1;
    private int maxFrameLength = 1 << 20;
    private long registerTimeoutMs = 30_000;
    private long controllerHeartbeatMs = 1000;
    private int inlineMaxBytes = 4096;
    private long inlineBudget = 256L << 20;

    /** Reads every option present in {@code props}. */
    public MetadataServerContext applyProperties(final Properties props)
    {
        if (props.containsKey(CONTROLLER_PROP))
        {
            controller(props.getProperty(CONTROLLER_PROP));
        }
        bindHost = props.getProperty(BIND_HOST_PROP, bindHost);
        port = ConfigValues.intNumber(props, PORT_PROP, port);
        advertiseHost = props.getProperty(ADVERTISE_HOST_PROP, advertiseHost);
        if (props.containsKey(BLOCK_SIZE_PROP))
        {
            blockSize(props.getProperty(BLOCK_SIZE_PROP));
        }
        persistTtlSeconds = ConfigValues.number(props, PERSIST_TTL_PROP, persistTtlSeconds);
        expiryPeriodMs = ConfigValues.number(props, EXPIRY_PERIOD_PROP, expiryPeriodMs);
        if (props.containsKey(TRANSPORT_PROP))
        {
            transport = Transport.Kind.parse(props.getProperty(TRANSPORT_PROP));
        }
        ioThreads = ConfigValues.intNumber(props, IO_THREADS_PROP, ioThreads);
        maxFrameLength = ConfigValues.intNumber(props, MAX_FRAME_PROP, maxFrameLength);
        registerTimeoutMs = ConfigValues.number(props, REGISTER_TIMEOUT_PROP, registerTimeoutMs);
        controllerHeartbeatMs = ConfigValues.number(props, CONTROLLER_HEARTBEAT_PROP, controllerHeartbeatMs);
        if (props.containsKey(INLINE_MAX_BYTES_PROP))
        {
            final long bytes = parseSize(INLINE_MAX_BYTES_PROP, props.getProperty(INLINE_MAX_BYTES_PROP));
            ConfigValues.check(bytes <= Integer.MAX_VALUE, INLINE_MAX_BYTES_PROP, "too large: " + bytes);
            inlineMaxBytes = (int)bytes;
        }
        if (props.containsKey(INLINE_BUDGET_PROP))
        {
            inlineBudget = parseSize(INLINE_BUDGET_PROP, props.getProperty(INLINE_BUDGET_PROP));
        }
        return this;
    }

    /** Validates every option; throws {@link InvalidArgumentException} naming the first bad property. */
    public MetadataServerContext conclude()
    {
        if (controller != null)
        {
            try
            {
                HostPort.parse(controller);
            }
            catch (final InvalidArgumentException ex)
            {
                throw new InvalidArgumentException(CONTROLLER_PROP + ": " + ex.getMessage());
            }
        }
        ConfigValues.check(port >= 0 && port <= 65535, PORT_PROP, "must be a port number (0 for any), got " + port);
        ConfigValues.check(bindHost != null && !bindHost.isBlank(), BIND_HOST_PROP, "must not be empty");
        ConfigValues.check(advertiseHost != null && !advertiseHost.isBlank(), ADVERTISE_HOST_PROP, "must not be empty");
        ConfigValues.check(Integer.bitCount(blockSize) == 1 && blockSize >= 4096 && blockSize <= (1 << 20), BLOCK_SIZE_PROP,
            "must be a power of two between 4k and 1m, got " + blockSize);
        ConfigValues.check(persistTtlSeconds > 0, PERSIST_TTL_PROP, "must be positive, got " + persistTtlSeconds);
        ConfigValues.check(expiryPeriodMs > 0, EXPIRY_PERIOD_PROP, "must be positive, got " + expiryPeriodMs);
        ConfigValues.check(ioThreads >= 1 && ioThreads <= 64, IO_THREADS_PROP, "must be between 1 and 64, got " + ioThreads);
        ConfigValues.check(maxFrameLength >= 4096, MAX_FRAME_PROP, "must be at least 4096, got " + maxFrameLength);
        ConfigValues.check(registerTimeoutMs > 0, REGISTER_TIMEOUT_PROP, "must be positive, got " + registerTimeoutMs);
        ConfigValues.check(controllerHeartbeatMs > 0, CONTROLLER_HEARTBEAT_PROP, "must be positive, got " +
            controllerHeartbeatMs);
        ConfigValues.check(inlineMaxBytes >= 0 && inlineMaxBytes <= blockSize, INLINE_MAX_BYTES_PROP,
            "must be between 0 (off) and the block size " + Sizes.format(blockSize) + ", got " + inlineMaxBytes);
        ConfigValues.check(inlineMaxBytes + INLINE_FRAME_OVERHEAD <= maxFrameLength, INLINE_MAX_BYTES_PROP,
            "must leave " + INLINE_FRAME_OVERHEAD + " bytes of a frame of " + MAX_FRAME_PROP + " " + maxFrameLength +
            ", got " + inlineMaxBytes);
        ConfigValues.check(inlineBudget >= 0, INLINE_BUDGET_PROP, "must not be negative, got " + inlineBudget);
        return this;
    }

    public MetadataServerContext controller(final String address)
    {
        this.controller = address;
        return this;
    }

    public MetadataServerContext bindHost(final String host)
    {
        this.bindHost = host;
        return this;
    }

    public MetadataServerContext port(final int port)
    {
        this.port = port;
        return this;
    }

    public MetadataServerContext advertiseHost(final String host)
    {
        this.advertiseHost = host;
        return this;
    }

    public MetadataServerContext blockSize(final int bytes)
    {
        this.blockSize = bytes;
        return this;
    }

    /** Block size written like {@code 64k}. */
    public MetadataServerContext blockSize(final String size)
    {
        final long bytes = Sizes.parseSize(size);
        ConfigValues.check(bytes <= Integer.MAX_VALUE, BLOCK_SIZE_PROP, "too large: " + size);
        this.blockSize = (int)bytes;
        return this;
    }

    public MetadataServerContext persistTtlSeconds(final long seconds)
    {
        this.persistTtlSeconds = seconds;
        return this;
    }

    public MetadataServerContext expiryPeriodMs(final long ms)
    {
        this.expiryPeriodMs = ms;
        return this;
    }

    public MetadataServerContext transport(final Transport.Kind kind)
    {
        this.transport = kind;
        return this;
    }

    public MetadataServerContext ioThreads(final int threads)
    {
        this.ioThreads = threads;
        return this;
    }

    public MetadataServerContext maxFrameLength(final int bytes)
    {
        this.maxFrameLength = bytes;
        return this;
    }

    public MetadataServerContext registerTimeoutMs(final long ms)
    {
        this.registerTimeoutMs = ms;
        return this;
    }

    /** Largest object kept by the metadata server itself (one-round-trip put and get); 0 turns it off. */
    public MetadataServerContext inlineMaxBytes(final int bytes)
    {
        this.inlineMaxBytes = bytes;
        return this;
    }

    public int inlineMaxBytes()
    {
        return inlineMaxBytes;
    }

    /** Most bytes of inline objects held at once, off-heap; beyond it small puts go through blocks. */
    public MetadataServerContext inlineBudget(final long bytes)
    {
        this.inlineBudget = bytes;
        return this;
    }

    /** Inline budget written like {@code 256m}. */
    public MetadataServerContext inlineBudget(final String size)
    {
        this.inlineBudget = parseSize(INLINE_BUDGET_PROP, size);
        return this;
    }

    public long inlineBudget()
    {
        return inlineBudget;
    }

    private static long parseSize(final String property, final String value)
    {
        try
        {
            return Sizes.parseSize(value);
        }
        catch (final InvalidArgumentException | ArithmeticException ex)
        {
            throw new InvalidArgumentException(property + ": not a size: '" + value + "' (write it like 4k)");
        }
    }

    public String controller()
    {
        return controller;
    }

    public String bindHost()
    {
        return bindHost;
    }

    public int port()
    {
        return port;
    }

    public String advertiseHost()
    {
        return advertiseHost;
    }

    public int blockSize()
    {
        return blockSize;
    }

    public long persistTtlSeconds()
    {
        return persistTtlSeconds;
    }

    public long expiryPeriodMs()
    {
        return expiryPeriodMs;
    }

    public Transport.Kind transport()
    {
        return transport;
    }

    public int ioThreads()
    {
        return ioThreads;
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    public long registerTimeoutMs()
    {
        return registerTimeoutMs;
    }

    public MetadataServerContext controllerHeartbeatMs(final long controllerHeartbeatMs)
    {
        this.controllerHeartbeatMs = controllerHeartbeatMs;
        return this;
    }

    public long controllerHeartbeatMs()
    {
        return controllerHeartbeatMs;
    }
}
