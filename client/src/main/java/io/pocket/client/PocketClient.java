package io.pocket.client;

import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobInfo;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.BlockingConnectionPool;
import org.agrona.concurrent.SystemNanoClock;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.Encoder;
import io.pocket.transport.HostPort;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lambda's connection to Pocket: registers or attaches to jobs at the controller and hands out
 * {@link Job} handles. One client is meant to be shared by every thread of a process: it owns a
 * pool of blocking connections per server, on which a calling thread runs the requests it waits
 * for itself (controller and metadata calls, objects of one block), and one set of event loops
 * with one pipelined connection per server for multi-block transfers and streams, started on the first such
 * transfer; all of its jobs use them. {@link #close()} closes them all; the jobs stay registered.
 *
 * <pre>{@code
 * try (PocketClient pocket = PocketClient.connect("controller:4321"))
 * {
 *     Job job = pocket.registerJob("sort", Hints.none().lambdas(100));
 *     job.put("shuffle-0", bytes);
 *     ByteBuffer back = job.get("shuffle-0", GetOption.DELETE);
 *     job.deregister();
 * }
 * }</pre>
 */
public final class PocketClient implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PocketClient.class);

    /** Idle block buffers kept for reuse by streams and file transfers. */
    private static final long MAX_CACHED_BUFFER_BYTES = 32L << 20;

    private final String controllerAddress;
    private final String controllerLabel;
    private final ClientContext context;
    private Transport transport;
    private final ConnectionPool pool;
    private final BlockingConnectionPool blocking;
    private final StorageDirectory storage = new StorageDirectory();
    private final BlockBufferPool buffers = new BlockBufferPool(MAX_CACHED_BUFFER_BYTES);
    private final AtomicBoolean closed = new AtomicBoolean();

    private PocketClient(final String controllerAddress, final ClientContext context)
    {
        this.controllerAddress = controllerAddress;
        this.controllerLabel = "controller " + controllerAddress;
        this.context = context;
        this.pool = new ConnectionPool(this::transport, context.maxFrameLength(), context.connectTimeoutMs());
        this.blocking = new BlockingConnectionPool(context.maxFrameLength(), context.connectTimeoutMs(),
            context.requestTimeoutMs(), context.idleConnections(), context.idleCheckMs(), context.busyPollMicros(),
            context.busyPollers(), context.busyPollMaxCalls(), SystemNanoClock.INSTANCE);
    }

    /** Connects to the controller that {@link ClientContext} names: {@value ClientContext#CONTROLLER_ENV} or localhost:4321. */
    public static PocketClient connect()
    {
        final ClientContext context = new ClientContext();
        return connect(context.controller(), context);
    }

    /** Connects to the controller that {@code context} names ({@value ClientContext#CONTROLLER_PROP_NAME}). */
    public static PocketClient connect(final ClientContext context)
    {
        return connect(Names.checkNotNull(context, "client context").controller(), context);
    }

    /** Connects to the controller at {@code controllerAddress} (HOST:PORT) with default options. */
    public static PocketClient connect(final String controllerAddress)
    {
        return connect(controllerAddress, new ClientContext());
    }

    /**
     * Connects to the controller at {@code controllerAddress} (HOST:PORT).
     *
     * @throws InvalidArgumentException    if an option or the address is not valid
     * @throws ServiceUnavailableException if the controller cannot be reached
     */
    public static PocketClient connect(final String controllerAddress, final ClientContext context)
    {
        final ClientContext concluded = Names.checkNotNull(context, "client context").copy().conclude();
        HostPort.parse(controllerAddress);
        final PocketClient client = new PocketClient(controllerAddress, concluded);
        try
        {
            client.blocking.release(client.blocking.acquire(controllerAddress, client.controllerLabel));
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
        LOG.debug("connected to {}", client.controllerLabel);
        return client;
    }

    /**
     * Registers a new job; the controller sizes it from {@code hints} and picks its metadata server.
     *
     * @param name  1 to 64 of {@code A-Z a-z 0-9 . _ -}; the job id is derived from it
     * @param hints what the job expects to need; null is {@link Hints#none()}
     */
    public Job registerJob(final String name, final Hints hints)
    {
        ensureOpen();
        Names.checkJobName(name);
        final Hints h = hints == null ? Hints.none() : hints;
        final RegisterJob request = new RegisterJob(name, h.lambdas(), h.capacity(), h.throughput(), h.latencySensitive());
        final JobInfo info = callController(Opcodes.REGISTER_JOB, request::encode, JobInfo::decode);
        LOG.debug("registered job {} served by metadata server {}", info.jobId(), info.metadataAddress());
        return newJob(info);
    }

    /**
     * A handle on a job another lambda registered.
     *
     * @throws JobNotFoundException if the controller does not know the job
     */
    public Job attach(final String jobId)
    {
        ensureOpen();
        Names.checkJobId(jobId);
        return newJob(callController(Opcodes.ATTACH_JOB, w -> w.putString(jobId), JobInfo::decode));
    }

    /** The controller's view of the cluster: metadata servers, storage servers and jobs. */
    public ClusterStatus status()
    {
        ensureOpen();
        return callController(Opcodes.CLUSTER_STATUS, Encoder.EMPTY, ClusterStatus::decode);
    }

    public String controllerAddress()
    {
        return controllerAddress;
    }

    /** A copy of the options in force; changing it does not affect this client. */
    public ClientContext context()
    {
        return context.copy();
    }

    /** Closes every connection and the event loops. Job handles become unusable; the jobs themselves stay. */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            blocking.close();
            pool.close();
            synchronized (this)
            {
                if (transport != null)
                {
                    transport.close();
                }
            }
            buffers.clear();
        }
    }

    /** The event loops, started on first use: a client that moves only single blocks never needs them. */
    private synchronized Transport transport()
    {
        ensureOpen();
        if (transport == null)
        {
            transport = Transport.create(context.transport(), context.ioThreads(), "pocket-client");
            LOG.debug("pipelined transfers over {}", transport.describe());
        }
        return transport;
    }

    void deregister(final String jobId)
    {
        callController(Opcodes.DEREGISTER_JOB, w -> w.putString(jobId), ResponseDecoder.EMPTY);
        LOG.debug("deregistered job {}", jobId);
    }

    void ensureOpen()
    {
        if (closed.get())
        {
            throw new IllegalStateException("Pocket client of " + controllerLabel + " is closed");
        }
    }

    private Job newJob(final JobInfo info)
    {
        try
        {
            HostPort.parse(info.metadataAddress());
        }
        catch (final InvalidArgumentException ex)
        {
            throw new ProtocolException(controllerLabel + " sent a bad metadata address for job " + info.jobId() + ": " +
                ex.getMessage());
        }
        return new PocketJob(this, new JobSession(info.jobId(), info.metadataAddress(), context, pool, blocking, storage,
            buffers));
    }

    private <T> T callController(final int opcode, final Encoder request, final ResponseDecoder<T> decoder)
    {
        return blocking.call(controllerAddress, controllerLabel, opcode, request, decoder);
    }
}
