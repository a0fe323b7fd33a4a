package io.pocket.client;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRefFlyweight;
import io.pocket.protocol.FrameHeader;
import io.pocket.transport.HostPort;
import io.pocket.transport.Transport;

import io.pocket.config.ConfigValues;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Configuration of a {@link PocketClient}: transport, timeouts and the depth of the put and get
 * pipelines. Every option has a {@code pocket.client.*} property; {@link #conclude()} validates
 * them all and throws {@link InvalidArgumentException} naming the property at fault.
 */
public final class ClientContext
{
    public static final String TRANSPORT_PROP_NAME = "pocket.client.transport";
    public static final String IO_THREADS_PROP_NAME = "pocket.client.ioThreads";
    public static final String CONNECT_TIMEOUT_MS_PROP_NAME = "pocket.client.connectTimeoutMs";
    public static final String REQUEST_TIMEOUT_MS_PROP_NAME = "pocket.client.requestTimeoutMs";
    public static final String WRITE_WINDOW_PROP_NAME = "pocket.client.writeWindow";
    public static final String ALLOCATE_AHEAD_PROP_NAME = "pocket.client.allocateAhead";
    public static final String READ_WINDOW_PROP_NAME = "pocket.client.readWindow";
    public static final String MAX_FRAME_LENGTH_PROP_NAME = "pocket.client.maxFrameLength";
    public static final String IDLE_CONNECTIONS_PROP_NAME = "pocket.client.idleConnections";
    public static final String IDLE_CHECK_MS_PROP_NAME = "pocket.client.idleCheckMs";
    public static final String BUSY_POLL_US_PROP_NAME = "pocket.client.busyPollUs";
    public static final String BUSY_POLLERS_PROP_NAME = "pocket.client.busyPollers";
    public static final String BUSY_POLL_MAX_CALLS_PROP_NAME = "pocket.client.busyPollMaxCalls";
    public static final String CONTROLLER_PROP_NAME = "pocket.client.controller";
    public static final String INLINE_MAX_BYTES_PROP_NAME = "pocket.client.inlineMaxBytes";
    public static final String UNAVAILABLE_WAIT_MS_PROP_NAME = "pocket.client.unavailableWaitMs";

    /** Prefix of every key of this context. */
    public static final String PREFIX = "pocket.client.";

    /** Every key of this context. */
    public static final Set<String> KNOWN_PROPS = Set.of(TRANSPORT_PROP_NAME, IO_THREADS_PROP_NAME,
        CONNECT_TIMEOUT_MS_PROP_NAME, REQUEST_TIMEOUT_MS_PROP_NAME, WRITE_WINDOW_PROP_NAME, ALLOCATE_AHEAD_PROP_NAME,
        READ_WINDOW_PROP_NAME, MAX_FRAME_LENGTH_PROP_NAME, IDLE_CONNECTIONS_PROP_NAME, IDLE_CHECK_MS_PROP_NAME,
        BUSY_POLL_US_PROP_NAME, BUSY_POLLERS_PROP_NAME, BUSY_POLL_MAX_CALLS_PROP_NAME, CONTROLLER_PROP_NAME,
        INLINE_MAX_BYTES_PROP_NAME, UNAVAILABLE_WAIT_MS_PROP_NAME);

    /** Environment variable that supplies the default controller address. */
    public static final String CONTROLLER_ENV = "POCKET_CONTROLLER";

    public static final Transport.Kind TRANSPORT_DEFAULT = Transport.Kind.AUTO;
    public static final int IO_THREADS_DEFAULT = 1;
    public static final int CONNECT_TIMEOUT_MS_DEFAULT = 5_000;
    public static final int REQUEST_TIMEOUT_MS_DEFAULT = 30_000;
    public static final int WRITE_WINDOW_DEFAULT = 16;
    public static final int ALLOCATE_AHEAD_DEFAULT = 16;
    public static final int READ_WINDOW_DEFAULT = 16;
    public static final int MAX_FRAME_LENGTH_DEFAULT = 17 << 20;
    public static final int IDLE_CONNECTIONS_DEFAULT = 64;
    public static final int IDLE_CHECK_MS_DEFAULT = 0;
    public static final int BUSY_POLL_US_DEFAULT = 50;
    public static final int BUSY_POLLERS_DEFAULT = 1;
    public static final int BUSY_POLL_MAX_CALLS_DEFAULT = 1;
    public static final String CONTROLLER_DEFAULT = "localhost:4321";
    public static final int INLINE_MAX_BYTES_DEFAULT = 4096;
    public static final int UNAVAILABLE_WAIT_MS_DEFAULT = 5_000;

    /** Bytes of a READ_BLOCK response or WRITE_BLOCK request frame besides the block's data. */
    static final int BLOCK_FRAME_OVERHEAD = FrameHeader.HEADER_LENGTH + BlockIoFlyweight.LENGTH;

    /** The smallest frame limit accepted: room for one 64 KiB block. */
    static final int MIN_MAX_FRAME_LENGTH = (64 << 10) + BLOCK_FRAME_OVERHEAD;
    static final int MAX_MAX_FRAME_LENGTH = 1 << 30;
    static final int MAX_IO_THREADS = 1024;
    static final int MAX_WINDOW = 4096;
    static final int MAX_IDLE_CONNECTIONS = 4096;
    static final int MAX_IDLE_CHECK_MS = 3_600_000;
    static final int MAX_BUSY_POLL_US = 10_000;
    static final int MAX_BUSY_POLLERS = 1024;
    static final int MAX_BUSY_POLL_MAX_CALLS = 1024;
    static final int MAX_INLINE_MAX_BYTES = 64 << 10;
    static final int MAX_UNAVAILABLE_WAIT_MS = 3_600_000;

    private Transport.Kind transport = TRANSPORT_DEFAULT;
    private int ioThreads = IO_THREADS_DEFAULT;
    private int connectTimeoutMs = CONNECT_TIMEOUT_MS_DEFAULT;
    private int requestTimeoutMs = REQUEST_TIMEOUT_MS_DEFAULT;
    private int writeWindow = WRITE_WINDOW_DEFAULT;
    private int allocateAhead = ALLOCATE_AHEAD_DEFAULT;
    private int readWindow = READ_WINDOW_DEFAULT;
    private int maxFrameLength = MAX_FRAME_LENGTH_DEFAULT;
    private int idleConnections = IDLE_CONNECTIONS_DEFAULT;
    private int idleCheckMs = IDLE_CHECK_MS_DEFAULT;
    private int unavailableWaitMs = UNAVAILABLE_WAIT_MS_DEFAULT;
    private int busyPollMicros = BUSY_POLL_US_DEFAULT;
    private int busyPollers = BUSY_POLLERS_DEFAULT;
    private int busyPollMaxCalls = BUSY_POLL_MAX_CALLS_DEFAULT;
    private int inlineMaxBytes = INLINE_MAX_BYTES_DEFAULT;
    private String controller;

    /** Defaults, with the controller address from {@value #CONTROLLER_ENV} when it is set. */
    public ClientContext()
    {
        this(System::getenv);
    }

    ClientContext(final UnaryOperator<String> environment)
    {
        final String fromEnv = environment.apply(CONTROLLER_ENV);
        controller = fromEnv == null || fromEnv.isBlank() ? CONTROLLER_DEFAULT : fromEnv.trim();
    }

    /** A context with defaults overridden by the {@code pocket.client.*} keys of {@code properties}. */
    public static ClientContext fromProperties(final Properties properties)
    {
        return new ClientContext().applyProperties(properties);
    }

    /**
     * Overrides options with the {@code pocket.client.*} keys present in {@code properties}; an unknown
     * {@code pocket.client.*} key (a typo, an old spelling) is refused naming it.
     */
    public ClientContext applyProperties(final Properties properties)
    {
        ConfigValues.refuseUnknown(properties, PREFIX, KNOWN_PROPS);
        final String kind = properties.getProperty(TRANSPORT_PROP_NAME);
        if (kind != null)
        {
            try
            {
                transport = Transport.Kind.parse(kind);
            }
            catch (final InvalidArgumentException ex)
            {
                throw invalid(TRANSPORT_PROP_NAME, "must be auto, epoll, io_uring or nio, got '" + kind + "'");
            }
        }
        ioThreads = ConfigValues.intNumber(properties, IO_THREADS_PROP_NAME, ioThreads);
        connectTimeoutMs = ConfigValues.intNumber(properties, CONNECT_TIMEOUT_MS_PROP_NAME, connectTimeoutMs);
        requestTimeoutMs = ConfigValues.intNumber(properties, REQUEST_TIMEOUT_MS_PROP_NAME, requestTimeoutMs);
        writeWindow = ConfigValues.intNumber(properties, WRITE_WINDOW_PROP_NAME, writeWindow);
        allocateAhead = ConfigValues.intNumber(properties, ALLOCATE_AHEAD_PROP_NAME, allocateAhead);
        readWindow = ConfigValues.intNumber(properties, READ_WINDOW_PROP_NAME, readWindow);
        idleConnections = ConfigValues.intNumber(properties, IDLE_CONNECTIONS_PROP_NAME, idleConnections);
        idleCheckMs = ConfigValues.intNumber(properties, IDLE_CHECK_MS_PROP_NAME, idleCheckMs);
        unavailableWaitMs = ConfigValues.intNumber(properties, UNAVAILABLE_WAIT_MS_PROP_NAME, unavailableWaitMs);
        busyPollMicros = ConfigValues.intNumber(properties, BUSY_POLL_US_PROP_NAME, busyPollMicros);
        busyPollers = ConfigValues.intNumber(properties, BUSY_POLLERS_PROP_NAME, busyPollers);
        busyPollMaxCalls = ConfigValues.intNumber(properties, BUSY_POLL_MAX_CALLS_PROP_NAME, busyPollMaxCalls);
        inlineMaxBytes = ConfigValues.intNumber(properties, INLINE_MAX_BYTES_PROP_NAME, inlineMaxBytes);
        maxFrameLength = ConfigValues.intSize(properties, MAX_FRAME_LENGTH_PROP_NAME, maxFrameLength);
        controller = ConfigValues.text(properties, CONTROLLER_PROP_NAME, controller);
        return this;
    }

    /** Every option as its {@code pocket.client.*} key and text that {@link #applyProperties} reads back. */
    public Map<String, String> toProperties()
    {
        final Map<String, String> map = new LinkedHashMap<>();
        map.put(CONTROLLER_PROP_NAME, controller);
        map.put(TRANSPORT_PROP_NAME, ConfigValues.text(transport));
        map.put(IO_THREADS_PROP_NAME, Integer.toString(ioThreads));
        map.put(CONNECT_TIMEOUT_MS_PROP_NAME, Integer.toString(connectTimeoutMs));
        map.put(REQUEST_TIMEOUT_MS_PROP_NAME, Integer.toString(requestTimeoutMs));
        map.put(WRITE_WINDOW_PROP_NAME, Integer.toString(writeWindow));
        map.put(ALLOCATE_AHEAD_PROP_NAME, Integer.toString(allocateAhead));
        map.put(READ_WINDOW_PROP_NAME, Integer.toString(readWindow));
        map.put(MAX_FRAME_LENGTH_PROP_NAME, ConfigValues.exactSize(maxFrameLength));
        map.put(IDLE_CONNECTIONS_PROP_NAME, Integer.toString(idleConnections));
        map.put(IDLE_CHECK_MS_PROP_NAME, Integer.toString(idleCheckMs));
        map.put(UNAVAILABLE_WAIT_MS_PROP_NAME, Integer.toString(unavailableWaitMs));
        map.put(BUSY_POLL_US_PROP_NAME, Integer.toString(busyPollMicros));
        map.put(BUSY_POLLERS_PROP_NAME, Integer.toString(busyPollers));
        map.put(BUSY_POLL_MAX_CALLS_PROP_NAME, Integer.toString(busyPollMaxCalls));
        map.put(INLINE_MAX_BYTES_PROP_NAME, Integer.toString(inlineMaxBytes));
        return map;
    }

    /**
     * Validates every option.
     *
     * @return this
     * @throws InvalidArgumentException whose message starts with the property at fault
     */
    public ClientContext conclude()
    {
        if (transport == null)
        {
            throw invalid(TRANSPORT_PROP_NAME, "must be auto, epoll, io_uring or nio, got none");
        }
        checkRange(IO_THREADS_PROP_NAME, ioThreads, 1, MAX_IO_THREADS);
        checkRange(CONNECT_TIMEOUT_MS_PROP_NAME, connectTimeoutMs, 1, Integer.MAX_VALUE);
        checkRange(REQUEST_TIMEOUT_MS_PROP_NAME, requestTimeoutMs, 1, Integer.MAX_VALUE);
        checkRange(WRITE_WINDOW_PROP_NAME, writeWindow, 1, MAX_WINDOW);
        checkRange(ALLOCATE_AHEAD_PROP_NAME, allocateAhead, 1, MAX_WINDOW);
        checkRange(READ_WINDOW_PROP_NAME, readWindow, 1, MAX_WINDOW);
        checkRange(IDLE_CONNECTIONS_PROP_NAME, idleConnections, 0, MAX_IDLE_CONNECTIONS);
        checkRange(IDLE_CHECK_MS_PROP_NAME, idleCheckMs, 0, MAX_IDLE_CHECK_MS);
        checkRange(UNAVAILABLE_WAIT_MS_PROP_NAME, unavailableWaitMs, 0, MAX_UNAVAILABLE_WAIT_MS);
        checkRange(BUSY_POLL_US_PROP_NAME, busyPollMicros, 0, MAX_BUSY_POLL_US);
        checkRange(BUSY_POLLERS_PROP_NAME, busyPollers, 1, MAX_BUSY_POLLERS);
        checkRange(BUSY_POLL_MAX_CALLS_PROP_NAME, busyPollMaxCalls, 0, MAX_BUSY_POLL_MAX_CALLS);
        checkRange(INLINE_MAX_BYTES_PROP_NAME, inlineMaxBytes, 0, MAX_INLINE_MAX_BYTES);
        if (maxFrameLength < MIN_MAX_FRAME_LENGTH || maxFrameLength > MAX_MAX_FRAME_LENGTH)
        {
            throw invalid(MAX_FRAME_LENGTH_PROP_NAME, "must be between " + Sizes.format(MIN_MAX_FRAME_LENGTH) + " and " +
                Sizes.format(MAX_MAX_FRAME_LENGTH) + " (room for a 64k block and its header), got " + maxFrameLength);
        }
        final long allocationBytes = FrameHeader.HEADER_LENGTH + 16L + (long)allocateAhead * BlockRefFlyweight.LENGTH;
        if (allocationBytes > maxFrameLength)
        {
            throw invalid(ALLOCATE_AHEAD_PROP_NAME, allocateAhead + " block references do not fit in a frame of " +
                maxFrameLength + " bytes");
        }
        if (controller == null || controller.isBlank())
        {
            throw invalid(CONTROLLER_PROP_NAME, "must be HOST:PORT, got none");
        }
        try
        {
            HostPort.parse(controller);
        }
        catch (final InvalidArgumentException ex)
        {
            throw invalid(CONTROLLER_PROP_NAME, ex.getMessage());
        }
        return this;
    }

    /**
     * Fails when blocks of {@code blockSize} bytes do not fit in a frame of {@link #maxFrameLength()}.
     */
    void checkBlockFits(final int blockSize)
    {
        if ((long)blockSize + BLOCK_FRAME_OVERHEAD > maxFrameLength)
        {
            throw invalid(MAX_FRAME_LENGTH_PROP_NAME, Sizes.format(maxFrameLength) + " is too small for blocks of " +
                Sizes.format(blockSize) + " (needs " + ((long)blockSize + BLOCK_FRAME_OVERHEAD) + " bytes)");
        }
    }

    /** Event loop implementation of the client: auto (NIO, measured fastest on the client side), epoll, io_uring or nio. */
    public ClientContext transport(final Transport.Kind kind)
    {
        this.transport = kind;
        return this;
    }

    public Transport.Kind transport()
    {
        return transport;
    }

    /** Netty event loop threads shared by every connection of the client. */
    public ClientContext ioThreads(final int threads)
    {
        this.ioThreads = threads;
        return this;
    }

    public int ioThreads()
    {
        return ioThreads;
    }

    /** How long connecting (TCP and HELLO) to a server may take. */
    public ClientContext connectTimeoutMs(final int timeoutMs)
    {
        this.connectTimeoutMs = timeoutMs;
        return this;
    }

    public int connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    /** How long one request may wait for its response before the call fails. */
    public ClientContext requestTimeoutMs(final int timeoutMs)
    {
        this.requestTimeoutMs = timeoutMs;
        return this;
    }

    public int requestTimeoutMs()
    {
        return requestTimeoutMs;
    }

    /** Most block writes one put keeps in flight. */
    public ClientContext writeWindow(final int blocks)
    {
        this.writeWindow = blocks;
        return this;
    }

    public int writeWindow()
    {
        return writeWindow;
    }

    /** Blocks asked for per CREATE_OBJECT or ALLOCATE_BLOCKS while a put runs. */
    public ClientContext allocateAhead(final int blocks)
    {
        this.allocateAhead = blocks;
        return this;
    }

    public int allocateAhead()
    {
        return allocateAhead;
    }

    /** Most block reads one get or input stream keeps in flight. */
    public ClientContext readWindow(final int blocks)
    {
        this.readWindow = blocks;
        return this;
    }

    public int readWindow()
    {
        return readWindow;
    }

    /**
     * Puts of known size up to this many bytes go to the metadata server in one PUT_INLINE
     * request (it may refuse them when full; they then go through blocks); 0 turns it off.
     */
    public ClientContext inlineMaxBytes(final int bytes)
    {
        this.inlineMaxBytes = bytes;
        return this;
    }

    public int inlineMaxBytes()
    {
        return inlineMaxBytes;
    }

    /** Longest frame accepted from a server; must exceed the block size plus headers. */
    public ClientContext maxFrameLength(final int bytes)
    {
        this.maxFrameLength = bytes;
        return this;
    }

    public int maxFrameLength()
    {
        return maxFrameLength;
    }

    /**
     * Idle blocking connections kept per server for reuse. A thread that waits for its calls
     * borrows one per server it talks to; more are opened when more threads call at once, and
     * those beyond this many are closed when given back.
     */
    public ClientContext idleConnections(final int connections)
    {
        this.idleConnections = connections;
        return this;
    }

    public int idleConnections()
    {
        return idleConnections;
    }

    /**
     * A blocking connection idle for longer than this is checked with one non-blocking read
     * before it is reused, so one the server (or a relay between) closed meanwhile is dropped
     * instead of failing a request; one reused sooner skips that system call. 0 (the default)
     * checks every time: the saving was within the noise of our measurements, and a request
     * failed by a connection dropped a moment earlier is worse.
     */
    public ClientContext idleCheckMs(final int millis)
    {
        this.idleCheckMs = millis;
        return this;
    }

    public int idleCheckMs()
    {
        return idleCheckMs;
    }

    /**
     * How long a get keeps trying an object whose data is unavailable (a storage server of it was declared lost)
     * before it throws {@link DataUnavailableException}: a server that only stalled comes back with its blocks within
     * a heartbeat or two of waking. Tried again with a fresh LOOKUP, backing off from 20 to 500 ms; a DELETE get only
     * while the object is still in place. 0 fails at once.
     */
    public ClientContext unavailableWaitMs(final int millis)
    {
        this.unavailableWaitMs = millis;
        return this;
    }

    public int unavailableWaitMs()
    {
        return unavailableWaitMs;
    }

    /**
     * How long a thread waiting for an answer on a blocking connection polls its socket before it
     * sleeps in the kernel (default 50; 0 never polls). Polling saves the wake-up of an idle CPU
     * (tens of microseconds on a virtual machine) when answers come fast, at the price of a
     * busy CPU while waiting: worth it only with idle CPUs to spare, hence only while few calls
     * are in flight ({@link #busyPollMaxCalls(int)}).
     */
    public ClientContext busyPollMicros(final int micros)
    {
        this.busyPollMicros = micros;
        return this;
    }

    public int busyPollMicros()
    {
        return busyPollMicros;
    }

    /** Most threads of the client polling at once (see {@link #busyPollMicros(int)}); the others sleep at once. */
    public ClientContext busyPollers(final int threads)
    {
        this.busyPollers = threads;
        return this;
    }

    public int busyPollers()
    {
        return busyPollers;
    }

    /**
     * A thread polls (see {@link #busyPollMicros(int)}) only while at most this many threads have
     * blocking calls of the client in flight (hold borrowed connections); 0 lifts the limit. The
     * default, 1, polls for a caller alone, the latency-bound case, and never for many threads
     * that already keep the CPUs busy.
     */
    public ClientContext busyPollMaxCalls(final int calls)
    {
        this.busyPollMaxCalls = calls;
        return this;
    }

    public int busyPollMaxCalls()
    {
        return busyPollMaxCalls;
    }

    /** Controller address used by {@link PocketClient#connect()}: HOST:PORT. */
    public ClientContext controller(final String address)
    {
        this.controller = address;
        return this;
    }

    public String controller()
    {
        return controller;
    }

    /** An independent copy with the same options. */
    public ClientContext copy()
    {
        final ClientContext copy = new ClientContext(name -> controller);
        copy.transport = transport;
        copy.ioThreads = ioThreads;
        copy.connectTimeoutMs = connectTimeoutMs;
        copy.requestTimeoutMs = requestTimeoutMs;
        copy.writeWindow = writeWindow;
        copy.allocateAhead = allocateAhead;
        copy.readWindow = readWindow;
        copy.maxFrameLength = maxFrameLength;
        copy.idleConnections = idleConnections;
        copy.idleCheckMs = idleCheckMs;
        copy.unavailableWaitMs = unavailableWaitMs;
        copy.busyPollMicros = busyPollMicros;
        copy.busyPollers = busyPollers;
        copy.busyPollMaxCalls = busyPollMaxCalls;
        copy.inlineMaxBytes = inlineMaxBytes;
        copy.controller = controller;
        return copy;
    }

    @Override
    public String toString()
    {
        return "ClientContext{transport=" + transport + ", ioThreads=" + ioThreads + ", connectTimeoutMs=" +
            connectTimeoutMs + ", requestTimeoutMs=" + requestTimeoutMs + ", writeWindow=" + writeWindow +
            ", allocateAhead=" + allocateAhead + ", readWindow=" + readWindow + ", maxFrameLength=" + maxFrameLength +
            ", idleConnections=" + idleConnections + ", idleCheckMs=" + idleCheckMs + ", unavailableWaitMs=" + unavailableWaitMs + ", busyPollMicros=" + busyPollMicros +
            ", busyPollers=" + busyPollers + ", busyPollMaxCalls=" + busyPollMaxCalls + ", inlineMaxBytes=" + inlineMaxBytes +
            ", controller=" + controller + '}';
    }

    private static void checkRange(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw invalid(name, max == Integer.MAX_VALUE ?
                "must be at least " + min + ", got " + value :
                "must be between " + min + " and " + max + ", got " + value);
        }
    }

    static InvalidArgumentException invalid(final String property, final String problem)
    {
        return new InvalidArgumentException(property + ": " + problem);
    }
}
