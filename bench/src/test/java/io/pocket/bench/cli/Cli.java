package io.pocket.bench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs {@code scripts/pocket} commands as separate processes, the way a user does, and captures
 * their stdout, stderr and exit code. Each instance targets one controller ({@code --controller}
 * is appended unless the instance was made without one) and may add environment variables.
 */
final class Cli
{
    /** How long one client command may take before the test gives up on it. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final String LAUNCHER_JAR = "bench/target/pocket-bench-0.1.0-SNAPSHOT.jar";
    private static final String LAUNCHER_LIB = "bench/target/lib";
    /** Variables of the developer's shell that would change what the launcher does. */
    private static final List<String> CLEARED_ENV = List.of(
        "POCKET_CONTROLLER", "POCKET_REBUILD", "POCKET_HEAP", "POCKET_JAVA_OPTS", "POCKET_TIER", "POCKET_LOG_LEVEL");

    private final Path root;
    private final Path workDir;
    private final String controller;
    private final Map<String, String> env;
    private final AtomicInteger commandCount;

    private Cli(
        final Path root,
        final Path workDir,
        final String controller,
        final Map<String, String> env,
        final AtomicInteger commandCount)
    {
        this.root = root;
        this.workDir = workDir;
        this.controller = controller;
        this.env = env;
        this.commandCount = commandCount;
    }

    /**
     * A command line against {@code controller} whose captured output goes to {@code workDir}.
     * Fails when the launcher's jars have not been built ({@code scripts/test} builds them first).
     */
    static Cli against(final String controller, final Path workDir)
    {
        final Path root = repositoryRoot();
        requireLauncherBuilt(root);
        final Map<String, String> env = new HashMap<>();
        // Client commands live for a second: C1 alone starts them about twice as fast.
        env.put("POCKET_TIER", "1");
        return new Cli(root, workDir, controller, env, new AtomicInteger());
    }

    /** The same command line with one more environment variable. */
    Cli withEnv(final String name, final String value)
    {
        final Map<String, String> copy = new HashMap<>(env);
        copy.put(name, value);
        return new Cli(root, workDir, controller, copy, commandCount);
    }

    /** The same command line without {@code --controller}: the launcher's default applies. */
    Cli withoutControllerOption()
    {
        return new Cli(root, workDir, null, env, commandCount);
    }

    /** The same command line against another controller. */
    Cli withController(final String other)
    {
        return new Cli(root, workDir, other, env, commandCount);
    }

    Path workDir()
    {
        return workDir;
    }

    /** Runs {@code scripts/pocket args... [--controller HOST:PORT]} to completion. */
    Result run(final String... args)
    {
        final List<String> command = launcherCommand(args);
        if (controller != null)
        {
            command.add("--controller");
            command.add(controller);
        }
        final int n = commandCount.incrementAndGet();
        final Path out = workDir.resolve("cmd-" + n + "-" + args[0] + ".out");
        final Path err = workDir.resolve("cmd-" + n + "-" + args[0] + ".err");
        try
        {
            final Process process = processBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("no exit within " + COMMAND_TIMEOUT.toSeconds() + " s: " + String.join(" ", command) +
                    "\nstdout: " + read(out) + "\nstderr: " + read(err));
            }
            return new Result(command, process.exitValue(), read(out), read(err));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run " + command, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, ex);
        }
    }

    /** {@code [root/scripts/pocket, args...]}, mutable so callers can append. */
    List<String> launcherCommand(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(root.resolve("scripts/pocket").toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** A process builder for {@code command} with this instance's environment, run from the repository root. */
    ProcessBuilder processBuilder(final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        final Map<String, String> environment = builder.environment();
        CLEARED_ENV.forEach(environment::remove);
        environment.putAll(env);
        return builder;
    }

    /** A TCP port nothing listens on right now. */
    static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The repository root: the tests run in {@code bench/}, Maven from the root also works. */
    static Path repositoryRoot()
    {
        final Path cwd = Path.of("").toAbsolutePath();
        for (final Path candidate : new Path[]{cwd, cwd.getParent()})
        {
            if (candidate != null && Files.isExecutable(candidate.resolve("scripts/pocket")))
            {
                return candidate;
            }
        }
        return fail("cannot find scripts/pocket in " + cwd + " or its parent");
    }

    private static void requireLauncherBuilt(final Path root)
    {
        if (!Files.isRegularFile(root.resolve(LAUNCHER_JAR)) || !Files.isDirectory(root.resolve(LAUNCHER_LIB)))
        {
            fail("the launcher is not built: " + root.resolve(LAUNCHER_JAR) + " or " + root.resolve(LAUNCHER_LIB) +
                " is missing; run `mvn -DskipTests install` (scripts/test does) before these tests");
        }
    }

    /** What one command printed and how it exited. */
    record Result(List<String> command, int exitCode, String stdout, String stderr)
    {
        List<String> stdoutLines()
        {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }

        List<String> stderrLines()
        {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }

        /** Asserts exit 0 and a quiet stderr; returns the result for further checks. */
        Result assertSuccess()
        {
            assertEquals(0, exitCode, () -> "expected success of " + this);
            assertEquals("", stderr, () -> "expected nothing on stderr from " + this);
            return this;
        }

        /**
         * Asserts the error contract: exit code {@code expectedExit}, nothing on stdout and exactly
         * one line on stderr starting with {@code "pocket: "}. Returns that line.
         */
        String assertError(final int expectedExit)
        {
            assertEquals(expectedExit, exitCode, () -> "expected exit " + expectedExit + " from " + this);
            assertEquals("", stdout, () -> "expected nothing on stdout from " + this);
            final List<String> lines = stderrLines();
            assertEquals(1, lines.size(), () -> "expected exactly one line on stderr from " + this);
            assertTrue(lines.get(0).startsWith("pocket: "), () -> "expected 'pocket: ' first on stderr from " + this);
            return lines.get(0);
        }

        /** Like {@link #assertError(int)} and the line holds {@code fragment}. */
        String assertError(final int expectedExit, final String fragment)
        {
            final String line = assertError(expectedExit);
            assertTrue(line.contains(fragment), () -> "expected '" + fragment + "' in the error of " + this);
            return line;
        }

        @Override
        public String toString()
        {
            return String.join(" ", command) + "\n  exit: " + exitCode + "\n  stdout: " + stdout + "\n  stderr: " + stderr;
        }
    }
}
