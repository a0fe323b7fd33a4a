package io.pocket.bench.cli;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The controller, a metadata server and two storage servers, each started by its own
 * {@code scripts/pocket} command in its own process, driven by the client commands. One storage
 * server is then killed with SIGKILL: status shows it lost and reads of its blocks fail as
 * unavailable. The survivors are stopped with SIGTERM and SIGINT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeparateProcessesCliTest
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** A status command started this long after a SIGKILL must show the server lost: lostAfter (3 s) + a heartbeat. */
    private static final Duration LOST_WITHIN = Duration.ofSeconds(5);
    private static final Pattern STORAGE_READY = Pattern.compile("pocket storage ready: (\\S+:\\d+) \\(server (\\d+)\\)");
    private static final int SMALL_OBJECTS_PER_ROUND = 6;
    /** Above the 4 KiB inline limit, so each object takes one block on a storage server. */
    private static final int SMALL_OBJECT_SIZE = 8000;

    private final Random random = new Random(7);
    private Path workDir;
    private int metadataPort;
    private Cli cli;
    private ServerProcess controller;
    private ServerProcess metadata;
    private ServerProcess storageA;
    private ServerProcess storageB;
    private int serverA;
    private int serverB;

    @BeforeAll
    void startComponents() throws IOException
    {
        Files.createDirectories(Path.of("target"));
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "separate-cli-");
        final int controllerPort = Cli.freePort();
        metadataPort = Cli.freePort();
        final String address = "localhost:" + controllerPort;
        cli = Cli.against(address, workDir);

        controller = ServerProcess.start(cli, "controller", "controller", "--port", Integer.toString(controllerPort),
            "--verbose");
        controller.awaitLine(Pattern.compile(Pattern.quote("pocket controller ready: port " + controllerPort)), READY_TIMEOUT);
        metadata = ServerProcess.start(cli, "metadata",
            "metadata", "--controller", address, "--port", Integer.toString(metadataPort));
        storageA = ServerProcess.start(cli, "storage-a", "storage", "--controller", address, "--dram", "128m");
        storageB = ServerProcess.start(cli, "storage-b", "storage", "--controller", address, "--dram", "128m");

        metadata.awaitLine(Pattern.compile(Pattern.quote("pocket metadata ready: 127.0.0.1:" + metadataPort)), READY_TIMEOUT);
        serverA = Integer.parseInt(storageA.awaitLine(STORAGE_READY, READY_TIMEOUT).group(2));
        serverB = Integer.parseInt(storageB.awaitLine(STORAGE_READY, READY_TIMEOUT).group(2));
        assertNotEquals(serverA, serverB);
    }

    @AfterAll
    void stopComponents()
    {
        for (final ServerProcess process : new ServerProcess[]{storageA, storageB, metadata, controller})
        {
            if (process != null)
            {
                process.close();
            }
        }
    }

    @Test
    @Order(1)
    void clientCommandsWorkAgainstSeparateProcesses() throws IOException
    {
        final String job = register("separate");
        final Path original = randomFile("original.bin", 200 * 1024);

        cli.run("put", job, "part-0", original.toString()).assertSuccess();
        assertEquals(List.of("      204800  part-0"), cli.run("ls", job).assertSuccess().stdoutLines());
        final Path copy = workDir.resolve("copy.bin");
        cli.run("get", job, "part-0", copy.toString()).assertSuccess();
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));

        final String status = cli.run("status").assertSuccess().stdout();
        assertTrue(status.startsWith("metadata servers: 127.0.0.1:" + metadataPort + "\n"), status);
        assertTrue(status.contains("storage servers: 2\n"), status);
        assertEquals("alive", serverLine(status, serverA).group(2), status);
        assertEquals("alive", serverLine(status, serverB).group(2), status);
        assertTrue(status.contains("capacity: used "), status);
        assertTrue(Pattern.compile("(?m)^\\s+" + Pattern.quote(job) + "\\s").matcher(status).find(), status);
    }

    @Test
    @Order(1)
    void componentLogsAreWarningsOnlyUnlessVerbose()
    {
        assertTrue(controller.stderr().contains(" INFO io.pocket.controlplane.controller.Controller - controller listening"),
            controller.stderr());
        assertFalse(metadata.stderr().contains(" INFO "), metadata.stderr());
        assertFalse(storageA.stderr().contains(" INFO "), storageA.stderr());
    }

    @Test
    @Order(2)
    void killedStorageServerIsLostAndItsBlocksUnavailable() throws Exception
    {
        final String job = register("crash");
        final Placement placement = putUntilBothServersHoldSome(job);
        final List<Path> files = placement.files();
        // Kill the server that took more of the objects: the gets below then meet a failure sooner.
        final boolean killA = placement.grewA() > placement.grewB();
        final ServerProcess victim = killA ? storageA : storageB;
        final int lost = killA ? serverA : serverB;
        final int survivor = killA ? serverB : serverA;

        final long killedAt = System.nanoTime();
        victim.kill();
        String status;
        while (true)
        {
            final long sentAfter = System.nanoTime() - killedAt;
            status = cli.run("status").assertSuccess().stdout();
            if ("lost".equals(serverLine(status, lost).group(2)))
            {
                break;
            }
            if (sentAfter > LOST_WITHIN.toNanos())
            {
                fail("storage server " + lost + " still alive in a status asked " +
                    sentAfter / 1_000_000 + " ms after its SIGKILL:\n" + status);
            }
        }
        assertEquals("alive", serverLine(status, survivor).group(2), status);
        assertTrue(status.contains("total 128m\n"), "only the live server counts:\n" + status);

        int unavailable = 0;
        int readable = 0;
        for (int i = 0; i < files.size() && (unavailable == 0 || readable == 0); i++)
        {
            final Path copy = workDir.resolve("small-copy-" + i + ".bin");
            final Cli.Result get = cli.run("get", job, "small-" + i, copy.toString());
            if (get.exitCode() == 0)
            {
                get.assertSuccess();
                assertArrayEquals(Files.readAllBytes(files.get(i)), Files.readAllBytes(copy));
                readable++;
            }
            else
            {
                final String line = get.assertError(2, "unavailable");
                assertTrue(line.contains("small-" + i), line);
                assertFalse(Files.exists(copy), "a failed get leaves no file");
                unavailable++;
            }
        }
        assertTrue(unavailable > 0 && readable > 0, "unavailable " + unavailable + ", readable " + readable);
    }

    @Test
    @Order(3)
    void survivingStorageServerStopsOnSigterm()
    {
        final ServerProcess survivor = storageA.isAlive() ? storageA : storageB;
        assertTrue(survivor.isAlive(), "one storage server survives the previous test");

        survivor.stopWith("TERM", 15, "pocket storage server stopped", STOP_TIMEOUT);
    }

    @Test
    @Order(4)
    void metadataServerAndControllerStopOnSigint()
    {
        assumeFalse(metadata.ignoresSigint() || controller.ignoresSigint(),
            "SIGINT is ignored by the processes (inherited from a background shell), nothing to test");

        metadata.stopWith("INT", 2, "pocket metadata server stopped", STOP_TIMEOUT);
        controller.stopWith("INT", 2, "pocket controller stopped", STOP_TIMEOUT);
    }

    /**
     * Puts single-block objects {@code small-0, small-1, ...} (two processes at a time) until
     * status shows both storage servers' used capacity grew, so killing either leaves some
     * objects readable and some not.
     */
    private Placement putUntilBothServersHoldSome(final String job) throws Exception
    {
        final String before = cli.run("status").assertSuccess().stdout();
        final long usedBeforeA = approximateBytes(serverLine(before, serverA).group(3));
        final long usedBeforeB = approximateBytes(serverLine(before, serverB).group(3));
        final List<Path> files = new ArrayList<>();
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            for (int round = 0; round < 3; round++)
            {
                final List<Future<Cli.Result>> puts = new ArrayList<>();
                for (int i = 0; i < SMALL_OBJECTS_PER_ROUND; i++)
                {
                    final int index = files.size();
                    final Path file = randomFile("small-" + index + ".bin", SMALL_OBJECT_SIZE);
                    files.add(file);
                    puts.add(pool.submit(() -> cli.run("put", job, "small-" + index, file.toString())));
                }
                for (final Future<Cli.Result> put : puts)
                {
                    put.get().assertSuccess();
                }
                // Used capacity comes from heartbeats (every second): give them a few status calls.
                for (int poll = 0; poll < 4; poll++)
                {
                    final String status = cli.run("status").assertSuccess().stdout();
                    final long grewA = approximateBytes(serverLine(status, serverA).group(3)) - usedBeforeA;
                    final long grewB = approximateBytes(serverLine(status, serverB).group(3)) - usedBeforeB;
                    if (grewA > 0 && grewB > 0)
                    {
                        return new Placement(files, grewA, grewB);
                    }
                }
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        return fail("after " + files.size() + " single-block puts one storage server still holds none of them");
    }

    /** Bytes of a size as status prints it ({@code 384k}, {@code 127.6m}), rounded as printed. */
    private static long approximateBytes(final String printed)
    {
        final Matcher matcher = Pattern.compile("([0-9.]+)([kmgt]?)").matcher(printed);
        assertTrue(matcher.matches(), printed);
        final String unit = matcher.group(2);
        final long scale = unit.isEmpty() ? 1 : 1L << (10 * ("kmgt".indexOf(unit) + 1));
        return (long)(Double.parseDouble(matcher.group(1)) * scale);
    }

    /** The small objects put, by index, and how much each storage server's used capacity grew. */
    private record Placement(List<Path> files, long grewA, long grewB)
    {
    }

    /** The status line of storage server {@code serverId}: group 1 address, 2 state, 3 used, 4 silent. */
    private static Matcher serverLine(final String status, final int serverId)
    {
        final Matcher matcher = Pattern.compile("(?m)^\\s+" + serverId +
            "\\s+(\\S+)\\s+(alive|suspect|lost)\\s+dram\\s+64k\\s+(\\S+)\\s+\\S+\\s+\\S+\\s+\\S+%\\s+(\\d+\\.\\ds)$")
            .matcher(status);
        assertTrue(matcher.find(), () -> "no line for storage server " + serverId + " in:\n" + status);
        return matcher;
    }

    private String register(final String name)
    {
        final String stdout = cli.run("register", name).assertSuccess().stdout();
        assertTrue(stdout.matches(Pattern.quote(name) + "-\\d+\n"), stdout);
        return stdout.trim();
    }

    private Path randomFile(final String name, final int size) throws IOException
    {
        final byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return Files.write(workDir.resolve(name), bytes);
    }
}
