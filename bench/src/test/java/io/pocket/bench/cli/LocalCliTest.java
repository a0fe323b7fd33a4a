package io.pocket.bench.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/pocket local} in its own process, driven by the client commands, each a
 * separate process: what they print, on which stream, and how they exit. The last test stops
 * the cluster with SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalCliTest
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]+-\\d+");
    private static final int OBJECT_SIZE = 200 * 1024 + 123;

    private final Random random = new Random(42);
    private Path workDir;
    private int port;
    private Cli cli;
    private ServerProcess local;

    @BeforeAll
    void startCluster() throws IOException
    {
        Files.createDirectories(Path.of("target"));
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "local-cli-");
        port = Cli.freePort();
        cli = Cli.against("localhost:" + port, workDir);
        local = ServerProcess.start(cli, "local",
            "local", "--port", Integer.toString(port), "--storage-servers", "2", "--dram", "256m");
        local.awaitLine(Pattern.compile(Pattern.quote("pocket ready: controller localhost:" + port)), READY_TIMEOUT);
    }

    @AfterAll
    void stopCluster()
    {
        if (local != null)
        {
            local.close();
        }
    }

    @Test
    void registerPrintsTheJobIdAloneOnStdout()
    {
        final String stdout = cli.run("register", "hinted", "--lambdas", "16", "--capacity", "64m",
            "--throughput", "8gbit", "--latency-insensitive").assertSuccess().stdout();

        assertTrue(stdout.endsWith("\n"), stdout);
        final String jobId = stdout.substring(0, stdout.length() - 1);
        assertTrue(JOB_ID.matcher(jobId).matches(), stdout);
        assertTrue(jobId.startsWith("hinted-"), jobId);
    }

    @Test
    void objectLifecycleThroughSeparateCommands() throws IOException
    {
        final String job = register("lifecycle");
        final Path original = randomFile("original.bin", OBJECT_SIZE);

        cli.run("mb", job, "shuffle").assertSuccess();
        assertEquals("", cli.run("put", job, "shuffle/part-0", original.toString()).assertSuccess().stdout());
        cli.run("put", job, "shuffle/part-0", original.toString()).assertError(1, "exists");

        final List<String> listing = cli.run("ls", job, "shuffle").assertSuccess().stdoutLines();
        assertEquals(1, listing.size(), listing::toString);
        assertTrue(listing.get(0).matches("\\s*" + OBJECT_SIZE + "\\s+shuffle/part-0"), listing::toString);

        final Path copy = workDir.resolve("copy.bin");
        cli.run("get", job, "shuffle/part-0", copy.toString()).assertSuccess();
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));

        final Path deleted = workDir.resolve("deleted.bin");
        cli.run("get", job, "shuffle/part-0", deleted.toString(), "--delete").assertSuccess();
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(deleted));

        final Path gone = workDir.resolve("gone.bin");
        cli.run("get", job, "shuffle/part-0", gone.toString()).assertError(1, "shuffle/part-0");
        assertFalse(Files.exists(gone), "a failed get leaves no file");

        cli.run("rm", job, "shuffle/never-written").assertError(1, "shuffle/never-written");
    }

    @Test
    void persistentObjectOutlivesItsJob() throws IOException
    {
        final String job = register("persist");
        final Path original = randomFile("persist.bin", OBJECT_SIZE);

        cli.run("put", job, "result", original.toString(), "--persist").assertSuccess();
        cli.run("deregister", job).assertSuccess();

        final Path copy = workDir.resolve("persist-copy.bin");
        cli.run("get", job, "result", copy.toString()).assertSuccess();
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
    }

    @Test
    void badArgumentsAndUnknownJobsAreUserErrors()
    {
        cli.run("register", "bad", "--capacity", "12x").assertError(1, "12x");
        cli.run("ls", "no-such-job-7").assertError(1, "no-such-job-7");
    }

    @Test
    void statusShowsServersCapacityAndJobsWithTheControllerFromTheEnvironment()
    {
        final String job = register("status");

        final Cli fromEnvironment = cli.withoutControllerOption().withEnv("POCKET_CONTROLLER", " localhost:" + port + " ");
        final String status = fromEnvironment.run("status").assertSuccess().stdout();

        assertTrue(status.contains("storage servers: 2\n"), status);
        final long alive = status.lines()
            .filter(line -> line.matches("\\s+\\d+\\s+127\\.0\\.0\\.1:\\d+\\s+alive\\s+dram\\s+64k\\s+.*"))
            .count();
        assertEquals(2, alive, status);
        assertTrue(Pattern.compile("(?m)^capacity: used \\S+, free \\S+, total 512m$").matcher(status).find(), status);
        assertTrue(Pattern.compile("(?m)^jobs: [1-9]\\d*$").matcher(status).find(), status);
        assertTrue(Pattern.compile("(?m)^\\s+" + Pattern.quote(job) + "\\s").matcher(status).find(), status);
    }

    @Test
    void statusJsonHoldsTheSameFactsAsTheTable()
    {
        final String job = register("json");

        final String table = cli.run("status").assertSuccess().stdout();
        final String line = cli.run("status", "--json").assertSuccess().stdout();

        assertEquals(1, line.lines().count(), line);
        final JsonObject status = JsonParser.parseString(line).getAsJsonObject();
        final JsonArray servers = status.getAsJsonArray("storageServers");
        assertEquals(2, servers.size(), line);
        for (final JsonElement element : servers)
        {
            final JsonObject server = element.getAsJsonObject();
            assertEquals("alive", server.get("state").getAsString(), line);
            assertTrue(server.has("silentMs") && server.has("suspected"), line);
            final String address = server.get("address").getAsString();
            assertTrue(table.lines().anyMatch(row -> row.matches("\\s+" + server.get("id").getAsInt() + "\\s+" +
                Pattern.quote(address) + "\\s+alive\\s+dram\\s+64k\\s.*")), table);
        }
        assertEquals(512L << 20, status.getAsJsonObject("capacity").get("totalBytes").getAsLong(), line);
        assertTrue(status.getAsJsonArray("jobs").asList().stream()
            .anyMatch(j -> j.getAsJsonObject().get("id").getAsString().equals(job)), line);
    }

    @Test
    void componentLogsStayAtWarnUnlessAskedFor()
    {
        assertFalse(local.stderr().contains(" INFO "), local.stderr());
        // every command takes --verbose
        assertTrue(cli.run("status", "--verbose").assertSuccess().stdout().contains("storage servers: 2"));
    }

    @Test
    void unreachableControllerIsAServiceErrorAndTheOptionBeatsTheEnvironment()
    {
        final int nothingListens = Cli.freePort();
        final Cli unreachable = cli.withController("localhost:" + nothingListens)
            .withEnv("POCKET_CONTROLLER", "localhost:" + port);

        unreachable.run("status").assertError(2, "localhost:" + nothingListens);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void stopsCleanlyOnSigterm()
    {
        local.stopWith("TERM", 15, "pocket stopped", STOP_TIMEOUT);

        cli.run("status").assertError(2);
    }

    private String register(final String name)
    {
        final String stdout = cli.run("register", name).assertSuccess().stdout().trim();
        assertTrue(JOB_ID.matcher(stdout).matches(), stdout);
        return stdout;
    }

    private Path randomFile(final String name, final int size) throws IOException
    {
        final byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return Files.write(workDir.resolve(name), bytes);
    }
}
