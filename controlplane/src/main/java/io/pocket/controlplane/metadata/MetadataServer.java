package io.pocket.controlplane.metadata;

import io.pocket.client.PocketException;
import io.pocket.controlplane.metadata.core.InlineStore;
import io.pocket.controlplane.metadata.core.MetadataStore;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.RpcServer;
import io.pocket.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A metadata server: owns the namespaces of the jobs the controller gives it and the blocks that
 * storage servers offer it, and answers clients' object requests. It registers with the controller
 * at start and again whenever the controller has forgotten it ({@link ControllerRegistration}), and
 * expires PERSIST objects whose time-to-live has passed.
 */
public final class MetadataServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(MetadataServer.class);
    /** Connecting to the controller or a storage server (to free blocks) gives up after this. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** How long a call to the controller may take. */
    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private final MetadataServerContext ctx;
    private final Transport transport;
    private final ConnectionPool pool;
    private final ScheduledExecutorService background;
    private final MetadataStore store;
    private final BlockFreer freer;
    private final RpcServer server;
    private ControllerRegistration registration;
    private volatile boolean closed;

    private MetadataServer(final MetadataServerContext ctx)
    {
        this.ctx = ctx;
        this.transport = Transport.forServer(ctx.transport(), ctx.ioThreads(), "pocket-metadata-io");
        this.pool = new ConnectionPool(transport, ctx.maxFrameLength(), CONNECT_TIMEOUT_MS);
        this.background = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "pocket-metadata-background");
            t.setDaemon(true);
            return t;
        });
        this.store = new MetadataStore(ctx.blockSize(), TimeUnit.SECONDS.toNanos(ctx.persistTtlSeconds()),
            new SplittableRandom(), System::nanoTime, new InlineStore(ctx.inlineMaxBytes(), ctx.inlineBudget()));
        this.freer = new BlockFreer(pool, background);
        this.server = new RpcServer("metadata", transport, ctx.bindHost(), ctx.port(), ctx.maxFrameLength(),
            new MetadataRequestHandler(store, freer));
    }

    /** Validates the context, starts serving and, if a controller is configured, registers with it. */
    public static MetadataServer start(final MetadataServerContext ctx)
    {
        ctx.conclude();
        final MetadataServer server = new MetadataServer(ctx);
        try
        {
            server.background.scheduleWithFixedDelay(server::expire, ctx.expiryPeriodMs(), ctx.expiryPeriodMs(),
                TimeUnit.MILLISECONDS);
            if (ctx.controller() != null)
            {
                server.registration = new ControllerRegistration(ctx.controller(), server.pool, server.store,
                    server::address, REQUEST_TIMEOUT_MS);
                server.registration.start(ctx.registerTimeoutMs(), ctx.controllerHeartbeatMs());
            }
            LOG.info("metadata server serving on {} ({}), block size {}", server.address(), server.transport.describe(),
                ctx.blockSize());
            return server;
        }
        catch (final RuntimeException ex)
        {
            server.close();
            throw ex;
        }
    }

    private void expire()
    {
        try
        {
            freer.free(store.expire());
        }
        catch (final PocketException | IllegalStateException ex)
        {
            LOG.warn("expiring PERSIST objects failed: {}", ex.getMessage());
        }
    }

    /** The options this server was started with. */
    public MetadataServerContext context()
    {
        return ctx;
    }

    /** Where clients and storage servers reach this server: advertised host and bound port. */
    public String address()
    {
        return ctx.advertiseHost() + ":" + server.port();
    }

    public int port()
    {
        return server.port();
    }

    /** The namespace and block state, for tests and status. */
    public MetadataStore store()
    {
        return store;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (registration != null)
        {
            registration.close();
        }
        background.shutdownNow();
        server.close();
        pool.close();
        transport.close();
        store.freeInline();
    }
}
