package io.pocket.controlplane.controller;

import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.RpcServer;
import io.pocket.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Pocket controller: registers metadata servers, storage servers and jobs, gives each job a
 * weight map and a metadata server, and declares silent storage servers lost
 * ({@code docs/flows.md}).
 *
 * <p>Threads: the network threads only decode requests; all state lives on one control loop
 * thread ({@link ControlLoop}) that also runs the periodic liveness check; calls to metadata
 * servers are asynchronous and their answers return to the loop; connecting to a metadata server
 * (a blocking step of {@link ConnectionPool}) runs on a separate connector pool. No lock guards
 * the state, and no thread ever waits on a remote call.
 */
public final class Controller implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final ControllerContext context;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Transport transport;
    private ConnectionPool pool;
    private ExecutorService connector;
    private ControlLoop loop;
    private RpcServer server;
    private StorageServers storage;
    private MetadataServers metadata;
    private JobRegistry jobs;
    private ClusterMembership membership;

    private Controller(final ControllerContext context)
    {
        this.context = context;
    }

    /** Validates the context, binds the port and starts serving. */
    public static Controller start(final ControllerContext context)
    {
        context.conclude();
        final Controller controller = new Controller(context);
        try
        {
            controller.open();
        }
        catch (final RuntimeException ex)
        {
            controller.close();
            throw ex;
        }
        return controller;
    }

    private void open()
    {
        transport = Transport.forServer(context.transport(), context.ioThreads(), "pocket-controller-io");
        pool = new ConnectionPool(transport, context.maxFrameLength(), (int)context.requestTimeoutMs());
        final AtomicInteger connectorThreads = new AtomicInteger();
        connector = Executors.newCachedThreadPool(r ->
        {
            final Thread t = new Thread(r, "pocket-controller-connect-" + connectorThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        loop = new ControlLoop("pocket-controller");
        storage = new StorageServers();
        metadata = new MetadataServers(pool, connector, context.requestTimeoutMs());
        jobs = new JobRegistry();
        final DetectorClock detectorClock = new DetectorClock(context.clock(), context.livenessCheckPeriodMs(),
            context.heartbeatIntervalMs());
        membership = new ClusterMembership(storage, metadata, jobs, detectorClock, context.heartbeatIntervalMs(),
            context.lostAfterMs(), context.lostRetentionMs());
        final JobCoordinator coordinator = new JobCoordinator(jobs, storage, metadata, new WeightMapPolicy(), loop,
            context.clock());
        final ControllerHandler handler = new ControllerHandler(loop, membership, coordinator, this::statusOnLoop);
        server = new RpcServer("controller", transport, context.host(), context.port(), context.maxFrameLength(),
            handler);
        loop.schedule("liveness check", context.livenessCheckPeriodMs(), membership::checkLiveness);
        LOG.info("controller listening on {}:{} ({}), heartbeat every {} ms, lost after {} ms", context.host(), port(),
            transport.describe(), context.heartbeatIntervalMs(), context.lostAfterMs());
    }

    /** The port actually bound (useful when the context asked for port 0). */
    public int port()
    {
        return server.port();
    }

    /**
     * {@code host:port} to reach the controller: the bind host, or the loopback address when it
     * listens on every interface.
     */
    public String address()
    {
        String host = context.host();
        try
        {
            if (InetAddress.getByName(host).isAnyLocalAddress())
            {
                host = InetAddress.getLoopbackAddress().getHostAddress();
            }
        }
        catch (final UnknownHostException ex)
        {
            // keep the configured name
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port();
    }

    public ControllerContext context()
    {
        return context;
    }

    /**
     * Declares lost every storage server silent for more than lostAfterMs, now (the periodic task
     * does the same; a gap since the previous check beyond its period counts as the controller's own
     * stall, not as silence). Returns how many were declared lost.
     */
    public int checkLiveness()
    {
        return loop.callAndWait(membership::checkLiveness);
    }

    /**
     * Starts removing a storage server (elastic scaling): it gets no new jobs and its heartbeat
     * replies carry the kill flag. Returns false if the server is unknown or already lost.
     */
    public boolean drain(final int serverId)
    {
        return loop.callAndWait(() -> membership.drain(serverId));
    }

    /** The hints a running job registered with (tests: they survive a restart of the controller). */
    RegisterJob hints(final String jobId)
    {
        return loop.callAndWait(() -> jobs.require(jobId).hints());
    }

    /** The cluster as CLUSTER_STATUS shows it. */
    public ClusterStatus status()
    {
        return loop.callAndWait(this::statusOnLoop);
    }

    private ClusterStatus statusOnLoop()
    {
        return new ClusterStatus(metadata.addresses(), membership.storageStatuses(), jobs.statuses());
    }

    /** Stops the liveness task, closes the server, the connections to metadata servers and the event loops. */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        if (loop != null)
        {
            loop.close();
        }
        if (server != null)
        {
            server.close();
        }
        if (pool != null)
        {
            pool.close();
        }
        if (connector != null)
        {
            connector.shutdownNow();
        }
        if (transport != null)
        {
            transport.close();
        }
        LOG.info("controller closed");
    }
}
