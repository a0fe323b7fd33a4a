package io.pocket.controlplane.metadata;

import io.pocket.config.ConfigValues;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.transport.HostPort;
import io.pocket.transport.Transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Configuration of a metadata server. Every option has a property name, a default and a check in
 * {@link #conclude()}, which fails naming the property.
 */
public final class MetadataServerContext
{
    /** Controller {@code host:port} to register with; none (empty) for a server started alone, in tests. */
    public static final String CONTROLLER_PROP_NAME = "pocket.metadata.controller";
    public static final String BIND_HOST_PROP_NAME = "pocket.metadata.bindHost";
    public static final String BIND_HOST_DEFAULT = "0.0.0.0";
    /** Port to listen on; 0 picks any free port. */
    public static final String PORT_PROP_NAME = "pocket.metadata.port";
    public static final int PORT_DEFAULT = 0;
    /** Host name or address that clients and storage servers use to reach this server. */
    public static final String ADVERTISE_HOST_PROP_NAME = "pocket.metadata.advertiseHost";
    public static final String ADVERTISE_HOST_DEFAULT = "127.0.0.1";
    /** Block size of the storage servers, a power of two from 4k to 1m. */
    public static final String BLOCK_SIZE_PROP_NAME = "pocket.metadata.blockSize";
    public static final int BLOCK_SIZE_DEFAULT = 64 * 1024;
    /** How long PERSIST objects outlive their job. */
    public static final String PERSIST_TTL_PROP_NAME = "pocket.metadata.persistTtlSeconds";
    public static final long PERSIST_TTL_DEFAULT = 24 * 3600;
    /** Period of the sweep that frees expired PERSIST objects. */
    public static final String EXPIRY_PERIOD_PROP_NAME = "pocket.metadata.expiryPeriodMs";
    public static final long EXPIRY_PERIOD_DEFAULT = 1000;
    public static final String TRANSPORT_PROP_NAME = "pocket.metadata.transport";
    public static final Transport.Kind TRANSPORT_DEFAULT = Transport.Kind.AUTO;
    public static final String IO_THREADS_PROP_NAME = "pocket.metadata.ioThreads";
    public static final int IO_THREADS_DEFAULT = 1;
    /** Longest frame accepted from a peer, in bytes. */
    public static final String MAX_FRAME_PROP_NAME = "pocket.metadata.maxFrameLength";
    public static final int MAX_FRAME_DEFAULT = 1 << 20;
    /** How long start-up keeps retrying registration while the controller is unreachable. */
    public static final String REGISTER_TIMEOUT_PROP_NAME = "pocket.metadata.registerTimeoutMs";
    public static final long REGISTER_TIMEOUT_DEFAULT = 30_000;
    /** Period of the check that the controller still knows this server; a restarted one is registered with again. */
    public static final String CONTROLLER_HEARTBEAT_PROP_NAME = "pocket.metadata.controllerHeartbeatMs";
    public static final long CONTROLLER_HEARTBEAT_DEFAULT = 1000;
    /** Largest object kept by the metadata server itself; 0 turns inline objects off. */
    public static final String INLINE_MAX_BYTES_PROP_NAME = "pocket.metadata.inlineMaxBytes";
    public static final int INLINE_MAX_BYTES_DEFAULT = 4096;
    /** Most bytes of inline objects held at once. */
    public static final String INLINE_BUDGET_PROP_NAME = "pocket.metadata.inlineBudget";
    public static final long INLINE_BUDGET_DEFAULT = 256L << 20;

    /** Prefix of every key of this context. */
    public static final String PREFIX = "pocket.metadata.";

    /** Every key of this context. */
    public static final Set<String> KNOWN_PROPS = Set.of(CONTROLLER_PROP_NAME, BIND_HOST_PROP_NAME, PORT_PROP_NAME,
        ADVERTISE_HOST_PROP_NAME, BLOCK_SIZE_PROP_NAME, PERSIST_TTL_PROP_NAME, EXPIRY_PERIOD_PROP_NAME,
        TRANSPORT_PROP_NAME, IO_THREADS_PROP_NAME, MAX_FRAME_PROP_NAME, REGISTER_TIMEOUT_PROP_NAME,
        CONTROLLER_HEARTBEAT_PROP_NAME, INLINE_MAX_BYTES_PROP_NAME, INLINE_BUDGET_PROP_NAME);

    /** Frame bytes of a PUT_INLINE request or LOOKUP answer besides the object (header, job id, name). */
    static final int INLINE_FRAME_OVERHEAD = 1024;

    private String controller;
    private String bindHost = BIND_HOST_DEFAULT;
    private int port = PORT_DEFAULT;
    private String advertiseHost = ADVERTISE_HOST_DEFAULT;
    private int blockSize = BLOCK_SIZE_DEFAULT;
    private long persistTtlSeconds = PERSIST_TTL_DEFAULT;
    private long expiryPeriodMs = EXPIRY_PERIOD_DEFAULT;
    private Transport.Kind transport = TRANSPORT_DEFAULT;
    private int ioThreads = IO_THREADS_DEFAULT;
    private int maxFrameLength = MAX_FRAME_DEFAULT;
    private long registerTimeoutMs = REGISTER_TIMEOUT_DEFAULT;
    private long controllerHeartbeatMs = CONTROLLER_HEARTBEAT_DEFAULT;
    private int inlineMaxBytes = INLINE_MAX_BYTES_DEFAULT;
    private long inlineBudget = INLINE_BUDGET_DEFAULT;

    /** A context with the defaults overridden by whichever {@code pocket.metadata.*} keys are present. */
    public static MetadataServerContext fromProperties(final Properties properties)
    {
        return new MetadataServerContext().applyProperties(properties);
    }

    /**
     * Overrides options with the {@code pocket.metadata.*} keys present in {@code props}; an unknown
     * {@code pocket.metadata.*} key is refused naming it.
     */
    public MetadataServerContext applyProperties(final Properties props)
    {
        ConfigValues.refuseUnknown(props, PREFIX, KNOWN_PROPS);
        if (props.containsKey(CONTROLLER_PROP_NAME))
        {
            final String value = props.getProperty(CONTROLLER_PROP_NAME).trim();
            controller(value.isEmpty() ? null : value);
        }
        bindHost = ConfigValues.text(props, BIND_HOST_PROP_NAME, bindHost);
        port = ConfigValues.intNumber(props, PORT_PROP_NAME, port);
        advertiseHost = ConfigValues.text(props, ADVERTISE_HOST_PROP_NAME, advertiseHost);
        blockSize = ConfigValues.intSize(props, BLOCK_SIZE_PROP_NAME, blockSize);
        persistTtlSeconds = ConfigValues.number(props, PERSIST_TTL_PROP_NAME, persistTtlSeconds);
        expiryPeriodMs = ConfigValues.number(props, EXPIRY_PERIOD_PROP_NAME, expiryPeriodMs);
        if (props.containsKey(TRANSPORT_PROP_NAME))
        {
            try
            {
                transport = Transport.Kind.parse(props.getProperty(TRANSPORT_PROP_NAME));
            }
            catch (final InvalidArgumentException ex)
            {
                throw new InvalidArgumentException(TRANSPORT_PROP_NAME + ": " + ex.getMessage());
            }
        }
        ioThreads = ConfigValues.intNumber(props, IO_THREADS_PROP_NAME, ioThreads);
        maxFrameLength = ConfigValues.intSize(props, MAX_FRAME_PROP_NAME, maxFrameLength);
        registerTimeoutMs = ConfigValues.number(props, REGISTER_TIMEOUT_PROP_NAME, registerTimeoutMs);
        controllerHeartbeatMs = ConfigValues.number(props, CONTROLLER_HEARTBEAT_PROP_NAME, controllerHeartbeatMs);
        if (props.containsKey(INLINE_MAX_BYTES_PROP_NAME))
        {
            final long bytes = parseSize(INLINE_MAX_BYTES_PROP_NAME, props.getProperty(INLINE_MAX_BYTES_PROP_NAME));
            ConfigValues.check(bytes <= Integer.MAX_VALUE, INLINE_MAX_BYTES_PROP_NAME, "too large: " + bytes);
            inlineMaxBytes = (int)bytes;
        }
        if (props.containsKey(INLINE_BUDGET_PROP_NAME))
        {
            inlineBudget = parseSize(INLINE_BUDGET_PROP_NAME, props.getProperty(INLINE_BUDGET_PROP_NAME));
        }
        return this;
    }

    /** Every option as its {@code pocket.metadata.*} key and text that {@link #applyProperties} reads back. */
    public Map<String, String> toProperties()
    {
        final Map<String, String> map = new LinkedHashMap<>();
        map.put(CONTROLLER_PROP_NAME, controller == null ? "" : controller);
        map.put(BIND_HOST_PROP_NAME, bindHost);
        map.put(PORT_PROP_NAME, Integer.toString(port));
        map.put(ADVERTISE_HOST_PROP_NAME, advertiseHost);
        map.put(BLOCK_SIZE_PROP_NAME, ConfigValues.exactSize(blockSize));
        map.put(PERSIST_TTL_PROP_NAME, Long.toString(persistTtlSeconds));
        map.put(EXPIRY_PERIOD_PROP_NAME, Long.toString(expiryPeriodMs));
        map.put(TRANSPORT_PROP_NAME, ConfigValues.text(transport));
        map.put(IO_THREADS_PROP_NAME, Integer.toString(ioThreads));
        map.put(MAX_FRAME_PROP_NAME, ConfigValues.exactSize(maxFrameLength));
        map.put(REGISTER_TIMEOUT_PROP_NAME, Long.toString(registerTimeoutMs));
        map.put(CONTROLLER_HEARTBEAT_PROP_NAME, Long.toString(controllerHeartbeatMs));
        map.put(INLINE_MAX_BYTES_PROP_NAME, ConfigValues.exactSize(inlineMaxBytes));
        map.put(INLINE_BUDGET_PROP_NAME, ConfigValues.exactSize(inlineBudget));
        return map;
    }

    /** An independent copy with the same options. */
    public MetadataServerContext copy()
    {
        final Properties properties = new Properties();
        properties.putAll(toProperties());
        return new MetadataServerContext().applyProperties(properties);
    }

    @Override
    public String toString()
    {
        return "MetadataServerContext" + toProperties();
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
                throw new InvalidArgumentException(CONTROLLER_PROP_NAME + ": " + ex.getMessage());
            }
        }
        ConfigValues.check(port >= 0 && port <= 65535, PORT_PROP_NAME, "must be a port number (0 for any), got " + port);
        ConfigValues.check(bindHost != null && !bindHost.isBlank(), BIND_HOST_PROP_NAME, "must not be empty");
        ConfigValues.check(advertiseHost != null && !advertiseHost.isBlank(), ADVERTISE_HOST_PROP_NAME, "must not be empty");
        ConfigValues.check(Integer.bitCount(blockSize) == 1 && blockSize >= 4096 && blockSize <= (1 << 20), BLOCK_SIZE_PROP_NAME,
            "must be a power of two between 4k and 1m, got " + blockSize);
        ConfigValues.check(persistTtlSeconds > 0, PERSIST_TTL_PROP_NAME, "must be positive, got " + persistTtlSeconds);
        ConfigValues.check(expiryPeriodMs > 0, EXPIRY_PERIOD_PROP_NAME, "must be positive, got " + expiryPeriodMs);
        ConfigValues.check(ioThreads >= 1 && ioThreads <= 64, IO_THREADS_PROP_NAME, "must be between 1 and 64, got " + ioThreads);
        ConfigValues.check(maxFrameLength >= 4096, MAX_FRAME_PROP_NAME, "must be at least 4096, got " + maxFrameLength);
        ConfigValues.check(registerTimeoutMs > 0, REGISTER_TIMEOUT_PROP_NAME, "must be positive, got " + registerTimeoutMs);
        ConfigValues.check(controllerHeartbeatMs > 0, CONTROLLER_HEARTBEAT_PROP_NAME, "must be positive, got " +
            controllerHeartbeatMs);
        ConfigValues.check(inlineMaxBytes >= 0 && inlineMaxBytes <= blockSize, INLINE_MAX_BYTES_PROP_NAME,
            "must be between 0 (off) and the block size " + Sizes.format(blockSize) + ", got " + inlineMaxBytes);
        ConfigValues.check(inlineMaxBytes + INLINE_FRAME_OVERHEAD <= maxFrameLength, INLINE_MAX_BYTES_PROP_NAME,
            "must leave " + INLINE_FRAME_OVERHEAD + " bytes of a frame of " + MAX_FRAME_PROP_NAME + " " + maxFrameLength +
            ", got " + inlineMaxBytes);
        ConfigValues.check(inlineBudget >= 0, INLINE_BUDGET_PROP_NAME, "must not be negative, got " + inlineBudget);
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
        ConfigValues.check(bytes <= Integer.MAX_VALUE, BLOCK_SIZE_PROP_NAME, "too large: " + size);
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
        this.inlineBudget = parseSize(INLINE_BUDGET_PROP_NAME, size);
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
