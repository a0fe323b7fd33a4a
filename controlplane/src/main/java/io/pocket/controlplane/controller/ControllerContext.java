package io.pocket.controlplane.controller;

import io.pocket.config.ConfigValues;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.transport.Transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Configuration of the controller: where it listens, how storage servers are watched, how it
 * talks to metadata servers. Every option has a {@code pocket.controller.*} property, a default
 * and a fluent setter; {@link #conclude()} validates them all.
 */
public final class ControllerContext
{
    public static final String HOST_PROP_NAME = "pocket.controller.host";
    public static final String HOST_DEFAULT = "0.0.0.0";

    /** Port to listen on; 0 picks any free port. */
    public static final String PORT_PROP_NAME = "pocket.controller.port";
    public static final int PORT_DEFAULT = 4321;

    /** Period of storage servers' heartbeats, sent to them at registration. */
    public static final String HEARTBEAT_INTERVAL_MS_PROP_NAME = "pocket.controller.heartbeatIntervalMs";
    public static final int HEARTBEAT_INTERVAL_MS_DEFAULT = 1000;

    /**
     * A storage server silent for longer than this is declared lost: the bound on a late heartbeat. Silence is
     * counted only while the controller itself runs (its own pauses are left out), and a server declared lost that
     * comes back as the same process gets its blocks back.
     */
    public static final String LOST_AFTER_MS_PROP_NAME = "pocket.controller.lostAfterMs";
    public static final long LOST_AFTER_MS_DEFAULT = 3000;

    /** How often the controller looks for lost storage servers. */
    public static final String LIVENESS_CHECK_PERIOD_MS_PROP_NAME = "pocket.controller.livenessCheckPeriodMs";
    public static final long LIVENESS_CHECK_PERIOD_MS_DEFAULT = 250;

    /** How long a lost storage server stays in status before it is forgotten. */
    public static final String LOST_RETENTION_MS_PROP_NAME = "pocket.controller.lostRetentionMs";
    public static final long LOST_RETENTION_MS_DEFAULT = 600_000;

    /** auto, epoll, io_uring or nio. */
    public static final String TRANSPORT_PROP_NAME = "pocket.controller.transport";
    public static final Transport.Kind TRANSPORT_DEFAULT = Transport.Kind.AUTO;

    public static final String IO_THREADS_PROP_NAME = "pocket.controller.ioThreads";
    public static final int IO_THREADS_DEFAULT = 1;

    /** How long the controller waits for a metadata server's answer (connecting included). */
    public static final String REQUEST_TIMEOUT_MS_PROP_NAME = "pocket.controller.requestTimeoutMs";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 10_000;

    /** Longest frame accepted from a peer, as a size ({@code 1m}). */
    public static final String MAX_FRAME_LENGTH_PROP_NAME = "pocket.controller.maxFrameLength";
    public static final int MAX_FRAME_LENGTH_DEFAULT = 1 << 20;

    /** Prefix of every key of this context. */
    public static final String PREFIX = "pocket.controller.";

    /** Every key of this context. */
    public static final Set<String> KNOWN_PROPS = Set.of(HOST_PROP_NAME, PORT_PROP_NAME,
        HEARTBEAT_INTERVAL_MS_PROP_NAME, LOST_AFTER_MS_PROP_NAME, LIVENESS_CHECK_PERIOD_MS_PROP_NAME,
        LOST_RETENTION_MS_PROP_NAME, TRANSPORT_PROP_NAME, IO_THREADS_PROP_NAME, REQUEST_TIMEOUT_MS_PROP_NAME,
        MAX_FRAME_LENGTH_PROP_NAME);

    private String host = HOST_DEFAULT;
    private int port = PORT_DEFAULT;
    private int heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS_DEFAULT;
    private long lostAfterMs = LOST_AFTER_MS_DEFAULT;
    private long livenessCheckPeriodMs = LIVENESS_CHECK_PERIOD_MS_DEFAULT;
    private long lostRetentionMs = LOST_RETENTION_MS_DEFAULT;
    private Transport.Kind transport = TRANSPORT_DEFAULT;
    private int ioThreads = IO_THREADS_DEFAULT;
    private long requestTimeoutMs = REQUEST_TIMEOUT_MS_DEFAULT;
    private int maxFrameLength = MAX_FRAME_LENGTH_DEFAULT;
    private LongSupplier clock = ControllerContext::monotonicMs;

    /** A context with the defaults overridden by whichever {@code pocket.controller.*} keys are present. */
    public static ControllerContext fromProperties(final Properties properties)
    {
        return new ControllerContext().applyProperties(properties);
    }

    /**
     * Overrides options with the {@code pocket.controller.*} keys present in {@code properties}; an unknown
     * {@code pocket.controller.*} key is refused naming it.
     */
    public ControllerContext applyProperties(final Properties properties)
    {
        ConfigValues.refuseUnknown(properties, PREFIX, KNOWN_PROPS);
        final String hostValue = properties.getProperty(HOST_PROP_NAME);
        if (hostValue != null)
        {
            host(hostValue.trim());
        }
        final String transportValue = properties.getProperty(TRANSPORT_PROP_NAME);
        if (transportValue != null)
        {
            try
            {
                transport(Transport.Kind.parse(transportValue));
            }
            catch (final InvalidArgumentException ex)
            {
                throw new InvalidArgumentException(TRANSPORT_PROP_NAME + ": must be auto, epoll, io_uring or nio, got '" +
                    transportValue + "'");
            }
        }
        final String frameValue = properties.getProperty(MAX_FRAME_LENGTH_PROP_NAME);
        if (frameValue != null)
        {
            try
            {
                maxFrameLength((int)Math.min(Integer.MAX_VALUE, Sizes.parseSize(frameValue)));
            }
            catch (final InvalidArgumentException | ArithmeticException ex)
            {
                throw new InvalidArgumentException(MAX_FRAME_LENGTH_PROP_NAME + ": not a size: '" + frameValue + "'");
            }
        }
        port(ConfigValues.intNumber(properties, PORT_PROP_NAME, port));
        heartbeatIntervalMs(ConfigValues.intNumber(properties, HEARTBEAT_INTERVAL_MS_PROP_NAME, heartbeatIntervalMs));
        lostAfterMs(ConfigValues.number(properties, LOST_AFTER_MS_PROP_NAME, lostAfterMs));
        livenessCheckPeriodMs(ConfigValues.number(properties, LIVENESS_CHECK_PERIOD_MS_PROP_NAME, livenessCheckPeriodMs));
        lostRetentionMs(ConfigValues.number(properties, LOST_RETENTION_MS_PROP_NAME, lostRetentionMs));
        ioThreads(ConfigValues.intNumber(properties, IO_THREADS_PROP_NAME, ioThreads));
        requestTimeoutMs(ConfigValues.number(properties, REQUEST_TIMEOUT_MS_PROP_NAME, requestTimeoutMs));
        return this;
    }

    /**
     * Checks every option; throws {@link InvalidArgumentException} whose message starts with the
     * property name of the first bad one.
     *
     * @return this
     */
    public ControllerContext conclude()
    {
        if (host == null || host.isBlank())
        {
            throw new InvalidArgumentException(HOST_PROP_NAME + ": must not be empty");
        }
        ConfigValues.require(port >= 0 && port <= 65535, PORT_PROP_NAME, "must be 0..65535", port);
        ConfigValues.require(heartbeatIntervalMs >= 1, HEARTBEAT_INTERVAL_MS_PROP_NAME, "must be at least 1", heartbeatIntervalMs);
        if (lostAfterMs <= heartbeatIntervalMs)
        {
            throw new InvalidArgumentException(LOST_AFTER_MS_PROP_NAME + ": must be greater than " +
                HEARTBEAT_INTERVAL_MS_PROP_NAME + " (" + heartbeatIntervalMs + "), got " + lostAfterMs);
        }
        ConfigValues.require(livenessCheckPeriodMs >= 1, LIVENESS_CHECK_PERIOD_MS_PROP_NAME, "must be at least 1", livenessCheckPeriodMs);
        ConfigValues.require(lostRetentionMs >= 0, LOST_RETENTION_MS_PROP_NAME, "must not be negative", lostRetentionMs);
        if (transport == null)
        {
            throw new InvalidArgumentException(TRANSPORT_PROP_NAME + ": must be auto, epoll, io_uring or nio");
        }
        ConfigValues.require(ioThreads >= 1, IO_THREADS_PROP_NAME, "must be at least 1", ioThreads);
        ConfigValues.require(requestTimeoutMs >= 1 && requestTimeoutMs <= Integer.MAX_VALUE, REQUEST_TIMEOUT_MS_PROP_NAME,
            "must be 1.." + Integer.MAX_VALUE, requestTimeoutMs);
        ConfigValues.require(maxFrameLength >= 4096, MAX_FRAME_LENGTH_PROP_NAME, "must be at least 4k", maxFrameLength);
        if (clock == null)
        {
            throw new InvalidArgumentException("pocket.controller clock: must not be null");
        }
        return this;
    }

    public ControllerContext host(final String host)
    {
        this.host = host;
        return this;
    }

    public String host()
    {
        return host;
    }

    public ControllerContext port(final int port)
    {
        this.port = port;
        return this;
    }

    public int port()
    {
        return port;
    }

    public ControllerContext heartbeatIntervalMs(final int heartbeatIntervalMs)
    {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    public int heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public ControllerContext lostAfterMs(final long lostAfterMs)
    {
        this.lostAfterMs = lostAfterMs;
        return this;
    }

    public long lostAfterMs()
    {
        return lostAfterMs;
    }

    public ControllerContext livenessCheckPeriodMs(final long livenessCheckPeriodMs)
    {
        this.livenessCheckPeriodMs = livenessCheckPeriodMs;
        return this;
    }

    public long livenessCheckPeriodMs()
    {
        return livenessCheckPeriodMs;
    }

    public ControllerContext lostRetentionMs(final long lostRetentionMs)
    {
        this.lostRetentionMs = lostRetentionMs;
        return this;
    }

    public long lostRetentionMs()
    {
        return lostRetentionMs;
    }

    public ControllerContext transport(final Transport.Kind transport)
    {
        this.transport = transport;
        return this;
    }

    public Transport.Kind transport()
    {
        return transport;
    }

    public ControllerContext ioThreads(final int ioThreads)
    {
        this.ioThreads = ioThreads;
        return this;
    }

    public int ioThreads()
    {
        return ioThreads;
    }

    public ControllerContext requestTimeoutMs(final long requestTimeoutMs)
    {
        this.requestTimeoutMs = requestTimeoutMs;
        return this;
    }

    public long requestTimeoutMs()
    {
        return requestTimeoutMs;
    }

    public ControllerContext maxFrameLength(final int maxFrameLength)
    {
        this.maxFrameLength = maxFrameLength;
        return this;
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * The time source for liveness, in milliseconds, monotonic (default: {@link System#nanoTime()}); tests inject a
     * manual clock. Not a property.
     */
    public ControllerContext clock(final LongSupplier clock)
    {
        this.clock = clock;
        return this;
    }

    public LongSupplier clock()
    {
        return clock;
    }

    private static long monotonicMs()
    {
        return System.nanoTime() / 1_000_000;
    }

    /** Every option as its {@code pocket.controller.*} key and text that {@link #applyProperties} reads back. */
    public Map<String, String> toProperties()
    {
        final Map<String, String> map = new LinkedHashMap<>();
        map.put(HOST_PROP_NAME, host);
        map.put(PORT_PROP_NAME, Integer.toString(port));
        map.put(HEARTBEAT_INTERVAL_MS_PROP_NAME, Integer.toString(heartbeatIntervalMs));
        map.put(LOST_AFTER_MS_PROP_NAME, Long.toString(lostAfterMs));
        map.put(LIVENESS_CHECK_PERIOD_MS_PROP_NAME, Long.toString(livenessCheckPeriodMs));
        map.put(LOST_RETENTION_MS_PROP_NAME, Long.toString(lostRetentionMs));
        map.put(TRANSPORT_PROP_NAME, ConfigValues.text(transport));
        map.put(IO_THREADS_PROP_NAME, Integer.toString(ioThreads));
        map.put(REQUEST_TIMEOUT_MS_PROP_NAME, Long.toString(requestTimeoutMs));
        map.put(MAX_FRAME_LENGTH_PROP_NAME, ConfigValues.exactSize(maxFrameLength));
        return map;
    }

    /** An independent copy with the same options and clock. */
    public ControllerContext copy()
    {
        final Properties properties = new Properties();
        properties.putAll(toProperties());
        return new ControllerContext().applyProperties(properties).clock(clock);
    }

    @Override
    public String toString()
    {
        return "ControllerContext" + toProperties();
    }
}
