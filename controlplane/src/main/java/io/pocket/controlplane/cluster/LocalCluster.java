package io.pocket.controlplane.cluster;

import io.pocket.controlplane.controller.Controller;
import io.pocket.controlplane.controller.ControllerContext;
import io.pocket.controlplane.metadata.MetadataServer;
import io.pocket.dataplane.StorageServer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole Pocket cluster in one JVM: a controller, one metadata server and N storage servers,
 * each the real server on its own loopback port, talking TCP to the others exactly as separate
 * processes would. {@code pocket local}, the demo and the system tests all run on it. Storage servers
 * get the cluster's NVMe and disk tiers, each on its own file ({@link LocalClusterContext#deviceOfServer}).
 */
public final class LocalCluster implements AutoCloseable
{
    private final LocalClusterContext ctx;
    private volatile Controller controller;
    private final MetadataServer metadata;
    private final List<StorageServer> storageServers = Collections.synchronizedList(new ArrayList<>());
    /** Each server's index: which of the cluster's device files ({@link LocalClusterContext#deviceOfServer}) it has. */
    private final Map<StorageServer, Integer> indexOf = new ConcurrentHashMap<>();
    private final AtomicInteger nextServerIndex = new AtomicInteger();

    private LocalCluster(final LocalClusterContext ctx, final Controller controller, final MetadataServer metadata)
    {
        this.ctx = ctx;
        this.controller = controller;
        this.metadata = metadata;
    }

    /** Starts the controller, then the metadata server, then the storage servers; returns once all serve. */
    public static LocalCluster start(final LocalClusterContext ctx)
    {
        ctx.conclude();
        final Controller controller = startController(ctx, ctx.controller().port());
        MetadataServer metadata = null;
        try
        {
            metadata = MetadataServer.start(ctx.metadata().copy().controller(controller.address()));
            final LocalCluster cluster = new LocalCluster(ctx, controller, metadata);
            try
            {
                for (int i = 0; i < ctx.storageServers(); i++)
                {
                    cluster.addStorageServer();
                }
                return cluster;
            }
            catch (final RuntimeException ex)
            {
                cluster.close();
                throw ex;
            }
        }
        catch (final RuntimeException ex)
        {
            if (metadata != null)
            {
                metadata.close();
            }
            controller.close();
            throw ex;
        }
    }

    private static Controller startController(final LocalClusterContext ctx, final int port)
    {
        final ControllerContext controllerCtx = ctx.controller().copy().port(port);
        if (ctx.controllerClock() != null)
        {
            controllerCtx.clock(ctx.controllerClock());
        }
        return Controller.start(controllerCtx);
    }

    /**
     * Stops the controller and starts a new one on the same port, as a crash and a restart of the controller
     * process would: the new controller knows nothing until the metadata and storage servers register again.
     */
    public Controller restartController()
    {
        final int port = controller.port();
        controller.close();
        controller = startController(ctx, port);
        return controller;
    }

    /** Starts one more storage server with the cluster's DRAM and block size. */
    public StorageServer addStorageServer()
    {
        return addStorageServer(ctx.dram());
    }

    /** Starts one more storage server with {@code dramBytes} of DRAM and the cluster's device tiers. */
    public StorageServer addStorageServer(final long dramBytes)
    {
        return startStorageServer(nextServerIndex.getAndIncrement(), dramBytes);
    }

    /**
     * Stops {@code server} and starts a new storage server on its port and device files, as a restart of its process
     * would: with {@code nvmeKeep} it registers under the old id and keeps its NVMe blocks; its DRAM starts empty.
     */
    public StorageServer restartStorageServer(final StorageServer server)
    {
        final Integer index = indexOf.get(server);
        if (index == null)
        {
            throw new IllegalArgumentException("not a storage server of this cluster: " + server);
        }
        final int port = server.port();
        server.close();
        return startStorageServer(index, ctx.dram(), port);
    }

    private StorageServer startStorageServer(final int index, final long dramBytes)
    {
        return startStorageServer(index, dramBytes, ctx.portOfServer(index));
    }

    private StorageServer startStorageServer(final int index, final long dramBytes, final int port)
    {
        final StorageServer server = StorageServer.start(ctx.storage().copy()
            .controller(controller.address())
            .port(port)
            .dram(dramBytes)
            .nvme(ctx.deviceOfServer(ctx.storage().nvme(), index))
            .disk(ctx.deviceOfServer(ctx.storage().disk(), index)));
        storageServers.add(server);
        indexOf.put(server, index);
        return server;
    }

    /** Where clients reach the controller. */
    public String controllerAddress()
    {
        return controller.address();
    }

    public Controller controller()
    {
        return controller;
    }

    public MetadataServer metadata()
    {
        return metadata;
    }

    /** The storage servers started so far (stopped ones included), in start order. */
    public List<StorageServer> storageServers()
    {
        synchronized (storageServers)
        {
            return List.copyOf(storageServers);
        }
    }

    public LocalClusterContext context()
    {
        return ctx;
    }

    /** Stops storage servers first (so their last heartbeats do not race a closed controller), then metadata, then the controller. */
    @Override
    public void close()
    {
        for (final StorageServer server : storageServers())
        {
            server.close();
        }
        metadata.close();
        controller.close();
    }
}
