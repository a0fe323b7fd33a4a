package io.pocket.controlplane.cli;

import io.pocket.client.InvalidArgumentException;
import io.pocket.config.ConfigValues;
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
import java.util.function.Consumer;

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
        @Option(names = "--port", paramLabel = "PORT",
            description = "controller port (pocket.controller.port, default " + ControllerContext.PORT_DEFAULT + ")")
        Integer port;

        @Option(names = "--metadata-port", paramLabel = "PORT", description = "metadata server port (pocket.metadata.port, default: any free)")
        Integer metadataPort;

        @Option(names = "--storage-servers", paramLabel = "N",
            description = "storage servers (pocket.local.storageServers, default " + LocalClusterContext.STORAGE_SERVERS_DEFAULT + ")")
        Integer storageServers;

        @Option(names = "--dram", paramLabel = "SIZE", description = "DRAM per storage server (pocket.storage.dram, default 1g)")
        String dram;

        @Option(names = "--block-size", paramLabel = "SIZE",
            description = "block size of the metadata and storage servers (pocket.storage.blockSize, default 64k)")
        String blockSize;

        @Option(names = "--transport", paramLabel = "KIND",
            description = "event loops of every server: auto, epoll, io_uring or nio (pocket.*.transport, default auto)")
        String transport;

        @Mixin
        DeviceOptions devices;

        @Mixin
        ConfigSource config;

        @Override
        public Integer call()
        {
            // an embedded cluster listens on free ports, but pocket local's controller on the controller's own port
            final LocalClusterContext ctx = new LocalClusterContext().controllerPort(ControllerContext.PORT_DEFAULT)
                .applyProperties(config.properties());
            ifGiven(port, ctx::controllerPort);
            ifGiven(metadataPort, ctx::metadataPort);
            ifGiven(storageServers, ctx::storageServers);
            ifGiven(dram, v -> ctx.dram(ConfigValues.size("--dram", v)));
            ifGiven(blockSize, v -> ctx.blockSize(intSize("--block-size", v)));
            ifGiven(transport, v -> ctx.transport(transport(v)));
            devices.applyTo(ctx.storage());
            final LocalCluster cluster = LocalCluster.start(ctx);
            config.print(cluster.context().toProperties());
            System.out.println("pocket ready: controller localhost:" + cluster.controller().port());
            System.out.flush();
            return serveUntilStopped(cluster, "pocket stopped");
        }
    }

    @Command(name = "controller", description = "Run the controller.")
    static final class ControllerCommand implements Callable<Integer>
    {
        @Option(names = "--port", paramLabel = "PORT",
            description = "port (pocket.controller.port, default " + ControllerContext.PORT_DEFAULT + ")")
        Integer port;

        @Option(names = {"--bind", "--host"}, paramLabel = "ADDRESS", description = "address to listen on " +
            "(pocket.controller.host, default " + ControllerContext.HOST_DEFAULT + ", every interface; --host is the old name)")
        String bind;

        @Mixin
        ConfigSource config;

        @Override
        public Integer call()
        {
            final ControllerContext ctx = new ControllerContext().applyProperties(config.properties());
            ifGiven(port, ctx::port);
            ifGiven(bind, v -> ctx.host(bindAddress(v)));
            final Controller controller = Controller.start(ctx);
            config.print(controller.context().toProperties());
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

        @Option(names = "--port", paramLabel = "PORT", description = "port (pocket.metadata.port, default: any free)")
        Integer port;

        @Option(names = "--advertise", paramLabel = "HOST", description = "host name clients use to reach it " +
            "(pocket.metadata.advertiseHost, default " + MetadataServerContext.ADVERTISE_HOST_DEFAULT + ")")
        String advertise;

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on " +
            "(pocket.metadata.bindHost, default 0.0.0.0, every interface)")
        String bind;

        @Option(names = "--block-size", paramLabel = "SIZE",
            description = "block size; storage servers must match (pocket.metadata.blockSize, default 64k)")
        String blockSize;

        @Mixin
        ConfigSource config;

        @Override
        public Integer call()
        {
            final MetadataServerContext ctx = new MetadataServerContext().applyProperties(config.properties());
            ctx.controller(controller.address(ctx.controller()));
            ifGiven(port, ctx::port);
            ifGiven(advertise, ctx::advertiseHost);
            ifGiven(blockSize, v -> ctx.blockSize(intSize("--block-size", v)));
            ifGiven(bind, v -> ctx.bindHost(bindAddress(v)));
            final MetadataServer server = MetadataServer.start(ctx);
            config.print(server.context().toProperties());
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

        @Option(names = "--dram", paramLabel = "SIZE", description = "DRAM arena (pocket.storage.dram, default 1g)")
        String dram;

        @Option(names = "--port", paramLabel = "PORT", description = "port (pocket.storage.port, default: any free)")
        Integer port;

        @Option(names = "--advertise", paramLabel = "HOST", description = "host name clients use to reach it " +
            "(pocket.storage.advertiseHost, default " + StorageServerContext.ADVERTISE_HOST_DEFAULT + ")")
        String advertise;

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on " +
            "(pocket.storage.bindHost, default 0.0.0.0, every interface)")
        String bind;

        @Option(names = "--block-size", paramLabel = "SIZE",
            description = "block size; must match the metadata server (pocket.storage.blockSize, default 64k)")
        String blockSize;

        @Mixin
        DeviceOptions devices;

        @Mixin
        ConfigSource config;

        @Override
        public Integer call()
        {
            final StorageServerContext ctx = new StorageServerContext().applyProperties(config.properties());
            ctx.controller(controller.address(ctx.controller()));
            ifGiven(port, ctx::port);
            ifGiven(advertise, ctx::advertiseHost);
            ifGiven(dram, v -> ctx.dram(ConfigValues.size("--dram", v)));
            ifGiven(blockSize, v -> ctx.blockSize(intSize("--block-size", v)));
            ifGiven(bind, v -> ctx.bindHost(bindAddress(v)));
            devices.applyTo(ctx);
            final StorageServer server = StorageServer.start(ctx);
            config.print(server.context().toProperties());
            System.out.println("pocket storage ready: " + server.advertisedAddress() + " (server " + server.serverId() + ")");
            System.out.flush();
            server.terminationFuture().thenRunAsync(() -> System.exit(0), r -> new Thread(r, "pocket-exit").start());
            // a clean stop (SIGTERM, SIGINT) tells the controller the server leaves
            return serveUntilStopped(server::leave, "pocket storage server stopped");
        }
    }

    /** Hands a flag's value to {@code setter} if the flag was given (flags left out keep the context's value). */
    static <T> void ifGiven(final T value, final Consumer<T> setter)
    {
        if (value != null)
        {
            setter.accept(value);
        }
    }

    /** A size flag of at most {@link Integer#MAX_VALUE} bytes (more reads as -1, refused by the context's check). */
    static int intSize(final String flag, final String text)
    {
        final long bytes = ConfigValues.size(flag, text);
        return bytes > Integer.MAX_VALUE ? -1 : (int)bytes;
    }

    static Transport.Kind transport(final String text)
    {
        try
        {
            return Transport.Kind.parse(text);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException("--transport: " + ex.getMessage());
        }
    }
}
