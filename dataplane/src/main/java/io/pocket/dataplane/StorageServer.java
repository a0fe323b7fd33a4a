package io.pocket.dataplane;

import io.netty.util.concurrent.EventExecutor;
import io.pocket.dataplane.device.DeviceBlockPath;
import io.pocket.dataplane.tier.BlockStore;
import io.pocket.dataplane.tier.DramTier;
import io.pocket.protocol.TierKind;
import io.pocket.transport.RpcServer;
import io.pocket.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Pocket storage server: a dumb block server over a DRAM tier and optionally an NVMe and a disk tier (see
 * {@link StorageTiers}), speaking WRITE_BLOCK, READ_BLOCK and FREE_BLOCKS over TCP. It keeps no metadata; the metadata
 * servers decide which blocks are in use.
 * <p>
 * With a controller address it registers, offers its blocks to the metadata servers and sends heartbeats (see
 * {@link ControlPlaneSession}); without one it runs standalone under a fixed server id, which is how tests drive it.
 * <p>
 * The arena and the device queues are set up once at start. {@link #close()} stops heartbeats, closes every
 * connection, waits for the event loops to terminate and only then stops the device queues (waiting for I/O in
 * flight) and frees the arena and staging memory, so no send or device request can touch freed memory.
 */
public final class StorageServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StorageServer.class);

    private final StorageServerContext ctx;
    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    private StorageTiers tiers;
    private ArenaWindows windows;
    private DeviceBlockPath devices;
    private Transport transport;
    private BlockRequestHandler handler;
    private RpcServer rpcServer;
    private ControlPlaneSession session;
    private boolean closed;

    private StorageServer(final StorageServerContext ctx)
    {
        this.ctx = ctx;
    }

    /**
     * Validates the context, allocates the arena, starts listening and, with a controller, registers.
     *
     * @param ctx configuration; concluded here.
     * @return the running server.
     * @throws io.pocket.client.InvalidArgumentException     if an option is invalid.
     * @throws io.pocket.client.ServiceUnavailableException if the port cannot be bound or registration timed out.
     */
    public static StorageServer start(final StorageServerContext ctx)
    {
        ctx.conclude();
        final StorageServer server = new StorageServer(ctx);
        try
        {
            server.open();
            return server;
        }
        catch (final RuntimeException | Error ex)
        {
            server.close();
            throw ex;
        }
    }

    private void open()
    {
        final long startNanos = System.nanoTime();
        final boolean standalone = null == ctx.controller();
        tiers = StorageTiers.open(ctx);
        if (null != tiers.dram())
        {
            windows = new ArenaWindows(tiers.dram());
        }
        transport = Transport.forServer(ctx.transport(), ctx.ioThreads(), "pocket-storage-io");
        devices = tiers.openDevicePath(ctx, transport.group());
        KeptIdentity identity = null;
        int keptServerId = BlockRequestHandler.NO_SERVER_ID;
        if (!standalone)
        {
            if (ctx.nvmeKeep() && null != ctx.nvme())
            {
                identity = new KeptIdentity(ctx.nvme().path());
                keptServerId = identity.read(BlockRequestHandler.NO_SERVER_ID);
            }
            if (BlockRequestHandler.NO_SERVER_ID == keptServerId)
            {
                tiers.forgetKeptBlocks("no server id is kept beside the device, so the server registers as a new " +
                    "one and offers all its blocks as new capacity");
            }
        }
        handler = new BlockRequestHandler(tiers.dram(), windows, devices,
            standalone ? ctx.serverId() : BlockRequestHandler.NO_SERVER_ID);
        rpcServer = new RpcServer("storage server", transport, ctx.bindHost(), ctx.port(), ctx.maxFrameLength(), handler);
        LOG.info("storage server listening on {}:{} as {} ({}), tiers {}, transport {}, started in {} ms",
            ctx.bindHost(), rpcServer.port(), advertisedAddress(), standalone ? "standalone, id " + ctx.serverId() :
            "controller " + ctx.controller(), tiers.describe(), transport.describe(),
            (System.nanoTime() - startNanos) / 1_000_000);
        if (!standalone)
        {
            session = new ControlPlaneSession(ctx, this, handler, tiers.all(), new ControllerLink(ctx, transport),
                identity, keptServerId);
            session.start();
        }
    }

    /** Id in block references this server accepts; -1 while (re-)registering with the controller. */
    public int serverId()
    {
        return handler.serverId();
    }

    /** Port actually bound. */
    public int port()
    {
        return rpcServer.port();
    }

    /** {@code host:port} that clients and metadata servers use to reach this server. */
    public String advertisedAddress()
    {
        return ctx.advertiseHost() + ":" + port();
    }

    /** The DRAM tier, for tests and stats; null if the server has none ({@code pocket.storage.dram} 0). */
    public DramTier tier()
    {
        return tiers.dram();
    }

    /**
     * A tier of this server.
     *
     * @param kind the media kind.
     * @return the tier, or null if the server has none of that kind.
     */
    public BlockStore tier(final TierKind kind)
    {
        return tiers.get(kind);
    }

    /** Every tier of this server: DRAM, NVMe, disk, in that order, those it has. */
    public List<BlockStore> tiers()
    {
        return tiers.all();
    }

    public StorageServerContext context()
    {
        return ctx;
    }

    /** Block data bytes received by WRITE_BLOCK since start. */
    public long rxBytes()
    {
        return handler.rxBytes();
    }

    /** Block data bytes sent by READ_BLOCK since start. */
    public long txBytes()
    {
        return handler.txBytes();
    }

    /** True once the controller has asked this server to drain (exit when all its blocks are freed). */
    public boolean isDraining()
    {
        return null != session && session.isDraining();
    }

    /** Completes when the server has closed, by {@link #close()} or after draining. */
    public CompletableFuture<Void> terminationFuture()
    {
        return terminationFuture;
    }

    /**
     * Called by the heartbeat thread once a drain has finished: closes the server from another thread, since
     * closing waits for the heartbeat thread.
     */
    void exitDrained()
    {
        final Thread exit = new Thread(this::close, "pocket-storage-exit");
        exit.start();
    }

    /**
     * Forgets every block after the controller has declared this server lost: refuses references to the old id, waits
     * until no event loop still runs a request that passed the id check, then frees all blocks so that a fresh offer
     * starts from generation zero.
     */
    void dropAllBlocks()
    {
        handler.serverId(BlockRequestHandler.NO_SERVER_ID);
        for (final EventExecutor loop : transport.group())
        {
            loop.submit(() -> { }).syncUninterruptibly();
        }
        long dropped = 0;
        for (final BlockStore tier : tiers.all())
        {
            dropped += tier.usedBlocks();
            tier.reset();
        }
        LOG.info("storage server dropped {} blocks", dropped);
    }

    /**
     * A clean stop: tells the controller this server leaves (it shows it as left, not lost, and the metadata servers
     * answer its blocks as unavailable at once), then {@link #close() closes} it. Idempotent.
     */
    public synchronized void leave()
    {
        if (closed)
        {
            return;
        }
        if (null != session)
        {
            session.leave();
        }
        close();
    }

    /**
     * Stops heartbeats, closes all connections, waits for the event loops to terminate, then frees the arena. The
     * controller is not told (as when the process dies): it declares the server lost; {@link #leave()} tells it.
     * Idempotent; a concurrent caller returns once the server is closed.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final int id = null == handler ? -1 : handler.serverId();
        try
        {
            closeQuietly(session);
            closeQuietly(rpcServer);
            if (closeQuietly(transport))
            {
                closeQuietly(devices);
                closeQuietly(windows);
                closeQuietly(tiers);
                LOG.info("storage server {} closed", id);
            }
            else
            {
                LOG.warn("storage server {}: event loops did not stop; leaving the arena and devices open", id);
            }
        }
        finally
        {
            terminationFuture.complete(null);
        }
    }

    @Override
    public String toString()
    {
        return "StorageServer{id=" + serverId() + ", address=" + advertisedAddress() + ", tiers=" +
            (null == tiers ? "[]" : tiers.all()) + '}';
    }

    private static boolean closeQuietly(final AutoCloseable closeable)
    {
        if (null == closeable)
        {
            return true;
        }
        try
        {
            closeable.close();
            return true;
        }
        catch (final Exception ex)
        {
            LOG.warn("storage server: closing {} failed", closeable.getClass().getSimpleName(), ex);
            return false;
        }
    }
}
