package io.pocket.bench.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.pocket.controlplane.controller.ControllerContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
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
 * A storage server stopped cleanly (SIGTERM) tells the controller it leaves: {@code status} shows it "left" as soon
 * as it has exited, though the controller would call it lost only after a minute of silence; its objects answer
 * unavailable. The controller, a metadata server and the storage server run as separate processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageLeaveCliTest
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern STORAGE_READY = Pattern.compile("pocket storage ready: (\\S+:\\d+) \\(server (\\d+)\\)");

    private Path workDir;
    private Cli cli;
    private ServerProcess controller;
    private ServerProcess metadata;
    private ServerProcess storage;

    @BeforeAll
    void startComponents() throws IOException
    {
        Files.createDirectories(Path.of("target"));
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "leave-cli-");
        final int controllerPort = Cli.freePort();
        final String address = "localhost:" + controllerPort;
        cli = Cli.against(address, workDir);
        controller = ServerProcess.start(cli.withEnv("POCKET_JAVA_OPTS", "-D" + ControllerContext.LOST_AFTER_MS_PROP + "=60000"),
            "controller", "controller", "--port", Integer.toString(controllerPort));
        controller.awaitLine(Pattern.compile(Pattern.quote("pocket controller ready: port " + controllerPort)), READY_TIMEOUT);
        metadata = ServerProcess.start(cli, "metadata", "metadata", "--controller", address,
            "--port", Integer.toString(Cli.freePort()));
        storage = ServerProcess.start(cli, "storage", "storage", "--controller", address, "--dram", "64m");
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
