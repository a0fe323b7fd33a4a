package io.pocket.bench.peers;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server or memcached process for tests, on a free loopback port, with the configuration
 * scripts/bench-peers uses. A missing binary is installed through scripts/lib.sh (as root); only when
 * that fails is the test skipped, saying why.
 */
public final class PeerServer implements AutoCloseable
{
    private final Process process;
    private final int port;
    private final Path log;

    private PeerServer(final Process process, final int port, final Path log)
    {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** redis-server without persistence, maxmemory {@code memory}. */
    public static PeerServer redis(final String memory) throws Exception
    {
        final String binary = require("redis-server", "redis-server");
        final int port = freePort();
        return start(port, List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--maxmemory", memory, "--protected-mode", "no"));
    }

    /** memcached with {@code megabytes} of memory, 2 threads and a 32 MiB item limit. */
    public static PeerServer memcached(final int megabytes) throws Exception
    {
        final String binary = require("memcached", "memcached");
        final int port = freePort();
        final List<String> command = new ArrayList<>(List.of(binary, "-p", String.valueOf(port), "-l", "127.0.0.1",
            "-U", "0", "-m", String.valueOf(megabytes), "-I", "32m", "-t", "2"));
        if ("root".equals(System.getProperty("user.name")))
        {
            command.addAll(List.of("-u", "root"));
        }
        return start(port, command);
    }

    public String address()
    {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception
    {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }

    private static PeerServer start(final int port, final List<String> command) throws Exception
    {
        final Path log = Files.createTempFile("peer-server", ".log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        final PeerServer server = new PeerServer(process, port, log);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException(command.get(0) + " exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            }
            catch (final IOException notYet)
            {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IllegalStateException(command.get(0) + " did not listen on port " + port + " within 10 s");
    }

    private static String require(final String binary, final String debianPackage) throws Exception
    {
        String path = find(binary);
        if (path == null)
        {
            final File lib = new File("../scripts/lib.sh");
            if (lib.isFile())
            {
                final Process install = new ProcessBuilder("bash", "-c",
                    "source '" + lib.getAbsolutePath() + "' && pocket_apt_install " + debianPackage)
                    .inheritIO().start();
                install.waitFor(300, TimeUnit.SECONDS);
            }
            path = find(binary);
        }
        Assumptions.assumeTrue(path != null, binary + " is not installed and could not be installed " +
            "(apt-get install " + debianPackage + " as root)");
        return path;
    }

    private static String find(final String binary)
    {
        for (final String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin"))
        {
            final File file = new File(dir, binary);
            if (file.canExecute())
            {
                return file.getPath();
            }
        }
        return null;
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
