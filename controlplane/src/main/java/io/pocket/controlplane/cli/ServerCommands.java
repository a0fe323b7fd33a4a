package io.pocket.controlplane.cli;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.controlplane.controller.Controller;
import io.pocket.controlplane.controller.ControllerContext;
import io.pocket.controlplane.metadata.MetadataServer;
import io.pocket.controlplane.metadata.MetadataServerContext;
import io.pocket.dataplane.StorageServer;
import io.pocket.dataplane.StorageServerContext;
import io.pocket.transport.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The server commands: the whole cluster in one process ({@code local}) or each component in its
 * own ({@code controller}, {@code metadata}, {@code storage}). Each runs in the foreground until
 * SIGINT or SIGTERM, then closes its servers.
 */
final class ServerCommands
{
    private ServerCommands()
    {
    }

    /** Runs until the JVM is asked to stop, then closes {@code resource} before the JVM exits. */
    static int serveUntilStopped(final AutoCloseable resource, final String stoppedMessage)
    {
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            try
            {
                resource.close();
            }
            catch (final Exception ex)
            {
                System.err.println("pocket: error while stopping: " + ex.getMessage());
            }
            System.err.println(stoppedMessage);
            stopped.countDown();
        }, "pocket-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            stopped.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The {@code --bind} address, checked: an address literal or a name that resolves (a valid address this host
     * does not have fails later, when the server cannot listen on it).
     *
     * @throws InvalidArgumentException naming the option when it does not resolve
     */
    static String bindAddress(final String value)
    {
        final String address = value.trim();
        if (address.isEmpty())
        {
            throw new InvalidArgumentException("--bind: must not be empty");
        }
        try
        {
            InetAddress.getByName(address);
            return address;
        }
        catch (final UnknownHostException ex)
        {
            throw new InvalidArgumentException("--bind: unknown host '" + address + "'");
        }
    }

    @Command(name = "local", description = "Run a controller, a metadata server and N storage servers in this process.")
    static final class Local implements Callable<Integer>
    {
        @Option(names = "--port", paramLabel = "PORT", description = "controller port (default 4321)")
        int port = 4321;

        @Option(names = "--metadata-port", paramLabel = "PORT", description = "metadata server port (default: any free)")
        int metadataPort;

        @Option(names = "--storage-servers", paramLabel = "N", description = "storage servers (default 2)")
        int storageServers = 2;

        @Option(names = "--dram", paramLabel = "SIZE", description = "DRAM per storage server (default 1g)")
        String dram = "1g";

        @Option(names = "--block-size", paramLabel = "SIZE", description = "block size (default 64k)")
        String blockSize = "64k";

        @Option(names = "--transport", paramLabel = "KIND", description = "event loops: auto, epoll, io_uring or nio (default auto)")
        String transport = "auto";

        @Mixin
        DeviceOptions devices;

        @Override
        public Integer call()
        {
            final long block = Sizes.parseSize(blockSize);
            final LocalCluster cluster = LocalCluster.start(devices.applyTo(new LocalClusterContext()
                .controllerPort(port)
                .metadataPort(metadataPort)
                .storageServers(storageServers)
                .dram(Sizes.parseSize(dram))
                .blockSize(block > Integer.MAX_VALUE ? -1 : (int)block)
                .transport(Transport.Kind.parse(transport))));
            System.out.println("pocket ready: controller localhost:" + cluster.controller().port());
            System.out.flush();
            return serveUntilStopped(cluster, "pocket stopped");
        }
    }

    @Command(name = "controller", description = "Run the controller.")
    static final class ControllerCommand implements Callable<Integer>
    {
        @Option(names = "--port", paramLabel = "PORT", description = "port (default 4321)")
        int port = 4321;

        @Option(names = {"--bind", "--host"}, paramLabel = "ADDRESS",
            description = "address to listen on (default 0.0.0.0, every interface; --host is the old name)")
        String bind;

        @Override
        public Integer call()
        {
            // pocket.controller.* system properties (POCKET_JAVA_OPTS) apply; flags win
            final ControllerContext context = new ControllerContext().applyProperties(System.getProperties()).port(port);
            if (bind != null)
            {
                context.host(bindAddress(bind));
            }
            final Controller controller = Controller.start(context);
            System.out.println("pocket controller ready: port " + controller.port());
            System.out.flush();
            return serveUntilStopped(controller, "pocket controller stopped");
        }
    }

    @Command(name = "metadata", description = "Run a metadata server that registers with the controller.")
    static final class MetadataCommand implements Callable<Integer>
    {
        @Mixin
        ControllerOption controller;

        @Option(names = "--port", paramLabel = "PORT", description = "port (default 4322)")
        int port = 4322;

        @Option(names = "--advertise", paramLabel = "HOST", description = "host name clients use to reach it (default 127.0.0.1)")
        String advertise = "127.0.0.1";

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default 0.0.0.0, every interface)")
        String bind;

        @Option(names = "--block-size", paramLabel = "SIZE", description = "block size; storage servers must match (default 64k)")
        String blockSize = "64k";

        @Override
        public Integer call()
        {
            // pocket.metadata.* system properties (POCKET_JAVA_OPTS) apply; flags win
            final MetadataServerContext context = new MetadataServerContext()
                .applyProperties(System.getProperties())
                .controller(controller.address())
                .port(port)
                .advertiseHost(advertise)
                .blockSize(blockSize);
            if (bind != null)
            {
                context.bindHost(bindAddress(bind));
            }
            final MetadataServer server = MetadataServer.start(context);
            System.out.println("pocket metadata ready: " + server.address());
            System.out.flush();
            return serveUntilStopped(server, "pocket metadata server stopped");
        }
    }

    @Command(name = "storage", description = "Run a storage server that registers with the controller.")
    static final class StorageCommand implements Callable<Integer>
    {
        @Mixin
        ControllerOption controller;

        @Option(names = "--dram", paramLabel = "SIZE", description = "DRAM arena (default 4g)")
        String dram = "4g";

        @Option(names = "--port", paramLabel = "PORT", description = "port (default: any free)")
        int port;

        @Option(names = "--advertise", paramLabel = "HOST", description = "host name clients use to reach it (default 127.0.0.1)")
        String advertise = "127.0.0.1";

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (default 0.0.0.0, every interface)")
        String bind;

        @Option(names = "--block-size", paramLabel = "SIZE", description = "block size; must match the metadata server (default 64k)")
        String blockSize = "64k";

        @Mixin
        DeviceOptions devices;

        @Override
        public Integer call()
        {
            // pocket.storage.* system properties (POCKET_JAVA_OPTS) apply; flags win
            final StorageServerContext context = devices.applyTo(new StorageServerContext()
                .applyProperties(System.getProperties())
                .controller(controller.address())
                .port(port)
                .advertiseHost(advertise)
                .dram(dram)
                .blockSize(blockSize));
            if (bind != null)
            {
                context.bindHost(bindAddress(bind));
            }
            final StorageServer server = StorageServer.start(context);
            System.out.println("pocket storage ready: " + server.advertisedAddress() + " (server " + server.serverId() + ")");
            System.out.flush();
            server.terminationFuture().thenRunAsync(() -> System.exit(0), r -> new Thread(r, "pocket-exit").start());
            // a clean stop (SIGTERM, SIGINT) tells the controller the server leaves
            return serveUntilStopped(server::leave, "pocket storage server stopped");
        }
    }
}
