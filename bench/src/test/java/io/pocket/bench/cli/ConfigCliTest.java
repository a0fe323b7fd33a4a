package io.pocket.bench.cli;

import io.pocket.controlplane.cli.ConfigKeys;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every documented key reaches its component through {@code scripts/pocket}: {@code pocket config} reads a file
 * that sets each key to a value other than its default; {@code controller}, {@code metadata} and {@code storage},
 * each started from a file of all its keys, and {@code local} print the options they started with; a few keys are
 * checked by what they do (DRAM size in status, a small put taking a block without inline objects).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigCliTest
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private Path workDir;
    private int port;
    private Cli cli;
    private ServerProcess local;

    @BeforeAll
    void startCluster() throws IOException
    {
        Files.createDirectories(Path.of("target"));
        workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "config-cli-");
        port = Cli.freePort();
        cli = Cli.against("localhost:" + port, workDir);
        final Path file = write("local.properties", Map.of(
            "pocket.local.storageServers", "1",
            "pocket.storage.dram", "96m",
            "pocket.controller.lostRetentionMs", "4321",
            "pocket.metadata.inlineBudget", "8m"));
        // the file sets 96m, -D 80m (wins over the file), the flag --port wins over pocket.controller.port
        local = ServerProcess.start(cli.withEnv("POCKET_JAVA_OPTS", "-Dpocket.storage.dram=80m -Dpocket.controller.port=1"),
            "local", "local", "--port", Integer.toString(port), "--config", file.toString(), "--print-config");
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
    @Order(1)
    void localStartsWithTheFileTheSystemPropertiesAndTheFlagsInThatPrecedence()
    {
        final String printed = local.stdout();
        for (final String line : new String[]{"pocket.local.storageServers=1", "pocket.storage.dram=80m",
            "pocket.controller.lostRetentionMs=4321", "pocket.metadata.inlineBudget=8m", "pocket.controller.port=" + port,
            "pocket.storage.pretouch=true"})
        {
            assertTrue(printed.lines().anyMatch(line::equals), line + " in\n" + printed);
        }
        final String status = cli.run("status").assertSuccess().stdout();
        assertTrue(status.contains("storage servers: 1\n"), status);
        assertTrue(Pattern.compile("(?m)^capacity: used \\S+, free \\S+, total 80m$").matcher(status).find(), status);
    }

    @Test
    @Order(2)
    void clientInlineMaxBytesZeroMakesASmallObjectTakeABlock() throws IOException
    {
        final String job = cli.run("register", "inline").assertSuccess().stdout().trim();
        final Path small = workDir.resolve("small.bin");
        Files.write(small, new byte[1000]);
        cli.run("put", job, "inline", small.toString()).assertSuccess();
        assertEquals("0", usedBytes(), "a 1000-byte object is kept inline by default");
        final Path file = write("client.properties", Map.of("pocket.client.inlineMaxBytes", "0"));
        final String printed = cli.run("put", job, "blocks", small.toString(), "--config", file.toString(),
            "--print-config").assertSuccess().stdout();
        assertTrue(printed.lines().anyMatch("pocket.client.inlineMaxBytes=0"::equals), printed);
        // status shows what the storage servers' heartbeats (one a second) last reported
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String used = usedBytes();
        while (!"64k".equals(used) && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            used = usedBytes();
        }
        assertEquals("64k", used, "with pocket.client.inlineMaxBytes=0 it takes a block");
        cli.run("deregister", job).assertSuccess();
    }

    @Test
    @Order(3)
    void storageCommandHonoursSystemProperties()
    {
        try (ServerProcess storage = ServerProcess.start(
            cli.withEnv("POCKET_JAVA_OPTS", "-Dpocket.storage.dram=48m -Dpocket.storage.nvmeQueueDepth=7"),
            "storage", "storage", "--controller", "localhost:" + port, "--print-config"))
        {
            storage.awaitLine(Pattern.compile("pocket storage ready: .*"), READY_TIMEOUT);
            assertTrue(storage.stdout().lines().anyMatch("pocket.storage.nvmeQueueDepth=7"::equals), storage.stdout());
            final String status = cli.run("status").assertSuccess().stdout();
            assertTrue(Pattern.compile("(?m)^capacity: used \\S+, free \\S+, total 128m$").matcher(status).find(),
                status);
        }
    }

    @Test
    @Order(4)
    void configPrintsEveryKeyWithTheValueOfTheFile() throws IOException
    {
        final Map<String, String> values = NonDefaultOptions.all();
        assertEquals(ConfigKeys.all().size() - 1, values.size(), "every key but the native switch has a value here");
        final Path file = write("all.properties", values);
        final String printed = cli.withoutControllerOption()
            .withEnv("POCKET_JAVA_OPTS", "-Dpocket.client.readWindow=9")
            .run("config", "--config", file.toString()).assertSuccess().stdout();
        final Map<String, String> effective = printed.lines().map(line -> line.split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertEquals(ConfigKeys.all(), new TreeSet<>(effective.keySet()));
        values.forEach((key, value) -> assertEquals(key.equals("pocket.client.readWindow") ? "9" : value,
            effective.get(key), key));
    }

    @Test
    @Order(6)
    void separateServersStartWithEveryKeyOfTheirFile() throws IOException
    {
        final int controllerPort = Cli.freePort();
        final String controller = "localhost:" + controllerPort;
        final Map<String, String> controllerKeys = keysOf("pocket.controller.");
        controllerKeys.put("pocket.controller.host", "127.0.0.1");
        controllerKeys.put("pocket.controller.port", Integer.toString(controllerPort));
        final Map<String, String> metadataKeys = keysOf("pocket.metadata.");
        metadataKeys.put("pocket.metadata.controller", controller);
        metadataKeys.put("pocket.metadata.bindHost", "127.0.0.1");
        metadataKeys.put("pocket.metadata.port", Integer.toString(Cli.freePort()));
        metadataKeys.put("pocket.metadata.advertiseHost", "127.0.0.1");
        metadataKeys.put("pocket.metadata.blockSize", "64k");
        metadataKeys.put("pocket.metadata.registerTimeoutMs", "20000");
        final Map<String, String> storageKeys = keysOf("pocket.storage.");
        storageKeys.put("pocket.storage.controller", controller);
        storageKeys.put("pocket.storage.bindHost", "127.0.0.1");
        storageKeys.put("pocket.storage.port", Integer.toString(Cli.freePort()));
        storageKeys.put("pocket.storage.advertiseHost", "127.0.0.1");
        storageKeys.put("pocket.storage.dram", "16m");
        storageKeys.put("pocket.storage.blockSize", "64k");
        storageKeys.put("pocket.storage.transport", "nio");
        storageKeys.put("pocket.storage.registerTimeoutMs", "20000");
        storageKeys.put("pocket.storage.connectTimeoutMs", "5000");
        storageKeys.put("pocket.storage.requestTimeoutMs", "5000");
        storageKeys.remove("pocket.storage.nvme");
        storageKeys.remove("pocket.storage.disk");
        final Cli alone = cli.withController(controller);
        try (ServerProcess c = startWith(alone, "controller", controllerKeys, "pocket controller ready: .*");
            ServerProcess m = startWith(alone, "metadata", metadataKeys, "pocket metadata ready: .*");
            ServerProcess s = startWith(alone, "storage", storageKeys, "pocket storage ready: .*"))
        {
            final String status = alone.run("status").assertSuccess().stdout();
            assertTrue(status.contains("storage servers: 1\n"), status);
            assertTrue(Pattern.compile("(?m)^capacity: used \\S+, free \\S+, total 16m$").matcher(status).find(), status);
        }
    }

    @Test
    @Order(5)
    void unknownKeysAndBadValuesFailNamingTheKey() throws IOException
    {
        cli.withoutControllerOption().withEnv("POCKET_JAVA_OPTS", "-Dpocket.client.inline.max.bytes=0").run("config")
            .assertError(1, "pocket.client.inline.max.bytes: unknown option; did you mean pocket.client.inlineMaxBytes?");
        final Path file = write("bad.properties", Map.of("pocket.storage.dram", "lots"));
        cli.withoutControllerOption().run("config", "--config", file.toString()).assertError(1, "pocket.storage.dram:");
        cli.run("status", "--config", workDir.resolve("missing.properties").toString())
            .assertError(1, "--config: no such file");
    }

    /** The non-default values of {@link #NonDefaultOptions.all()} under {@code prefix}. */
    private static Map<String, String> keysOf(final String prefix)
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        NonDefaultOptions.all().forEach((key, value) ->
        {
            if (key.startsWith(prefix))
            {
                keys.put(key, value);
            }
        });
        return keys;
    }

    /**
     * Starts {@code command --config FILE --print-config} with {@code keys} in the file, waits for its ready line and
     * checks that it printed every key with the file's value: the options the server was started with.
     */
    private ServerProcess startWith(final Cli alone, final String command, final Map<String, String> keys,
        final String ready) throws IOException
    {
        final Path file = write(command + ".properties", keys);
        final ServerProcess process = ServerProcess.start(alone, command, command, "--config", file.toString(),
            "--print-config");
        try
        {
            process.awaitLine(Pattern.compile(ready), READY_TIMEOUT);
            final Map<String, String> printed = process.stdout().lines().filter(line -> line.startsWith("pocket."))
                .map(line -> line.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : ""));
            keys.forEach((key, value) -> assertEquals(value, printed.get(key), command + " " + key));
            return process;
        }
        catch (final RuntimeException | Error ex)
        {
            process.close();
            throw ex;
        }
    }

    /** The cluster's bytes in use, as status prints them. */
    private String usedBytes()
    {
        final String status = cli.run("status").assertSuccess().stdout();
        final Matcher m = Pattern.compile("(?m)^capacity: used (\\S+),").matcher(status);
        assertTrue(m.find(), status);
        return m.group(1);
    }

    private Path write(final String name, final Map<String, String> values) throws IOException
    {
        final Properties properties = new Properties();
        properties.putAll(values);
        final Path file = workDir.resolve(name);
        try (var out = Files.newBufferedWriter(file))
        {
            properties.store(out, null);
        }
        return file;
    }
}
