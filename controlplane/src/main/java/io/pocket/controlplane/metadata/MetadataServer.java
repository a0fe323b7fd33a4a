package io.pocket.controlplane.metadata;

import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.metadata.core.InlineStore;
import io.pocket.controlplane.metadata.core.MetadataStore;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.Futures;
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
 * at start and expires PERSIST objects whose time-to-live has passed.
 */
public final class MetadataServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(MetadataServer.class);
    /** Connecting to the controller or a storage server (to free blocks) gives up after this. */
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final MetadataServerContext ctx;
    private final Transport transport;
    private final ConnectionPool pool;
    private final ScheduledExecutorService background;
    private final MetadataStore store;
    private final BlockFreer freer;
    private final RpcServer server;
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
                server.registerWithController();
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

    private void registerWithController()
    {
        final long deadline = System.currentTimeMillis() + ctx.registerTimeoutMs();
        while (true)
        {
            try
            {
                final int id = Futures.await(pool.get(ctx.controller()).call(Opcodes.REGISTER_METADATA,
                    w -> w.putString(address()), r ->
                    {
                        final int v = r.getInt();
                        r.end();
                        return v;
                    }), 10_000, ctx.controller());
                LOG.info("registered with controller {} as metadata server {}", ctx.controller(), id);
                return;
            }
            catch (final ServiceUnavailableException ex)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new ServiceUnavailableException("metadata server could not register with controller " +
                        ctx.controller() + ": " + ex.getMessage());
                }
                sleep(500);
            }
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted");
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
        background.shutdownNow();
        server.close();
        pool.close();
        transport.close();
        store.freeInline();
    }
}
