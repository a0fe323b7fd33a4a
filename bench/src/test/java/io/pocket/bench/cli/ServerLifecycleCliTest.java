package io.pocket.bench.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pocket.controlplane.controller.ControllerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Servers as separate processes, as on separate hosts: each listens only on its {@code --bind} address, and a storage
 * server stopped cleanly (SIGTERM) tells the controller it leaves: {@code status} shows it "left" as soon as it has
 * exited, though the controller would call it lost only after a minute of silence; its objects answer unavailable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerLifecycleCliTest
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern STORAGE_READY = Pattern.compile("pocket storage ready: (\\S+:\\d+) \\(server (\\d+)\\)");

    private Path workDir;
    private Cli cli;
    private ServerProcess controller;
    private ServerProcess metadata;
    private ServerProcess storage;
    private int metadataPort;

    @BeforeAll
    void startComponents() throws IOException
    {
        Files.createDirectories(Path.of("target"));
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "leave-cli-");
        final int controllerPort = Cli.freePort();
        final String address = "localhost:" + controllerPort;
        cli = Cli.against(address, workDir);
        controller = ServerProcess.start(cli.withEnv("POCKET_JAVA_OPTS", "-D" + ControllerContext.LOST_AFTER_MS_PROP_NAME + "=60000"),
            "controller", "controller", "--port", Integer.toString(controllerPort), "--bind", "127.0.0.1");
        controller.awaitLine(Pattern.compile(Pattern.quote("pocket controller ready: port " + controllerPort)), READY_TIMEOUT);
        metadataPort = Cli.freePort();
        metadata = ServerProcess.start(cli, "metadata", "metadata", "--controller", address,
            "--port", Integer.toString(metadataPort), "--bind", "127.0.0.1");
        // all of 127.0.0.0/8 is this host's loopback: the storage server listens on, and is reached at, 127.0.0.2 alone
        storage = ServerProcess.start(cli, "storage", "storage", "--controller", address, "--dram", "64m",
            "--bind", "127.0.0.2", "--advertise", "127.0.0.2");
        metadata.awaitLine(Pattern.compile("pocket metadata ready: .*"), READY_TIMEOUT);
    }

    @AfterAll
    void stopComponents()
    {
        for (final ServerProcess process : new ServerProcess[]{storage, metadata, controller})
        {
            if (process != null)
            {
                process.close();
            }
        }
    }

    @Test
    @Order(1)
    void serversListenOnlyOnTheirBindAddress()
    {
        final String address = storage.awaitLine(STORAGE_READY, READY_TIMEOUT).group(1);
        final int storagePort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        assertEquals("127.0.0.2:" + storagePort, address);
        assertTrue(accepts("127.0.0.2", storagePort));
        assertFalse(accepts("127.0.0.1", storagePort), "the storage server bound to 127.0.0.2 only");
        assertTrue(accepts("127.0.0.1", metadataPort));
        assertFalse(accepts("127.0.0.2", metadataPort), "the metadata server bound to 127.0.0.1 only");
    }

    @Test
    @Order(1)
    void serversRunWithoutTheBenchmarkLibraries() throws IOException
    {
        for (final ServerProcess server : new ServerProcess[]{controller, metadata, storage})
        {
            final String commandLine = Files.readString(Path.of("/proc", Long.toString(server.pid()), "cmdline"))
                .replace('\0', ' ');
            assertTrue(commandLine.contains(" io.pocket.controlplane.cli.PocketCli "), commandLine);
            for (final String benchOnly : new String[]{"pocket-bench", "jedis", "xmemcached", "xchart", "jmh-core"})
            {
                assertFalse(commandLine.contains(benchOnly), benchOnly + " on a server's class path: " + commandLine);
            }
        }
    }

    @Test
    @Order(1)
    void aBindAddressThatDoesNotResolveIsAUserError()
    {
        cli.run("storage", "--bind", "no-such-host.invalid").assertError(1, "--bind: unknown host 'no-such-host.invalid'");
        cli.run("metadata", "--bind", " ").assertError(1, "--bind: must not be empty");
        cli.withoutControllerOption().run("controller", "--bind", "no-such-host.invalid", "--port",
            Integer.toString(Cli.freePort())).assertError(1, "--bind: unknown host");
    }

    @Test
    @Order(2)
    void aStorageServerStoppedBySigtermIsLeftNotLostAndItsObjectsUnavailable() throws IOException
    {
        final Matcher ready = storage.awaitLine(STORAGE_READY, READY_TIMEOUT);
        final int serverId = Integer.parseInt(ready.group(2));
        final String job = cli.run("register", "leave").assertSuccess().stdout().trim();
        final byte[] bytes = new byte[200 * 1024];
        new Random(3).nextBytes(bytes);
        final Path original = Files.write(workDir.resolve("original.bin"), bytes);
        cli.run("put", job, "part-0", original.toString()).assertSuccess();
        final Path copy = workDir.resolve("copy.bin");
        cli.run("get", job, "part-0", copy.toString()).assertSuccess();
        assertArrayEquals(bytes, Files.readAllBytes(copy));

        storage.stopWith("TERM", 15, "pocket storage server stopped", STOP_TIMEOUT);

        final JsonObject server = server(cli.run("status", "--json").assertSuccess().stdout(), serverId);
        assertEquals("left", server.get("state").getAsString(), server.toString());
        assertEquals(0, JsonParser.parseString(cli.run("status", "--json").stdout()).getAsJsonObject()
            .getAsJsonObject("capacity").get("totalBytes").getAsLong(), "a left server's capacity is gone");
        assertTrue(cli.run("status").assertSuccess().stdout().lines()
            .anyMatch(line -> line.matches("\\s+" + serverId + "\\s+\\S+\\s+left\\s+dram\\s.*")));
        cli.run("get", job, "part-0", workDir.resolve("gone.bin").toString()).assertError(2, "part-0");
        assertFalse(controller.stderr().contains("lost"), controller.stderr());
        assertFalse(metadata.stderr().contains("lost"), metadata.stderr());
    }

    private static boolean accepts(final String host, final int port)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static JsonObject server(final String statusJson, final int serverId)
    {
        for (final JsonElement element : JsonParser.parseString(statusJson).getAsJsonObject().getAsJsonArray("storageServers"))
        {
            if (element.getAsJsonObject().get("id").getAsInt() == serverId)
            {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("no storage server " + serverId + " in " + statusJson);
    }
}
