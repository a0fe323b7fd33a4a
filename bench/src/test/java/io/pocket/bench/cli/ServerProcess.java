package io.pocket.bench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A long-running {@code scripts/pocket} server command ({@code local}, {@code controller},
 * {@code metadata}, {@code storage}) in its own process. Its stdout and stderr go to files in the
 * work directory, so they stay readable after a failed test. The launcher {@code exec}s the JVM,
 * so {@link #pid()} is the JVM's and signals reach it directly. A JVM shutdown hook kills the
 * process if the test JVM ends without closing it.
 */
final class ServerProcess implements AutoCloseable
{
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long SIGINT_MASK = 1L << (2 - 1);

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Thread reaper;

    private ServerProcess(final String name, final Process process, final Path stdout, final Path stderr)
    {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.reaper = new Thread(process::destroyForcibly, "reap-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code scripts/pocket args...} (no {@code --controller} added) as {@code name}. */
    static ServerProcess start(final Cli cli, final String name, final String... args)
    {
        final Path out = cli.workDir().resolve(name + ".out");
        final Path err = cli.workDir().resolve(name + ".err");
        try
        {
            final Process process = cli.processBuilder(cli.launcherCommand(args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            process.getOutputStream().close();
            return new ServerProcess(name, process, out, err);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + name, ex);
        }
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    String stdout()
    {
        return Cli.read(stdout);
    }

    String stderr()
    {
        return Cli.read(stderr);
    }

    /** Waits for a whole stdout line matching {@code line}; fails if the process exits first or time runs out. */
    Matcher awaitLine(final Pattern line, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            for (final String candidate : stdout().split("\n"))
            {
                final Matcher matcher = line.matcher(candidate);
                if (matcher.matches())
                {
                    return matcher;
                }
            }
            if (!process.isAlive())
            {
                fail(name + " exited with " + process.exitValue() + " before printing '" + line + "'" + describe());
            }
            if (System.nanoTime() - deadline > 0)
            {
                fail(name + " did not print '" + line + "' within " + timeout.toSeconds() + " s" + describe());
            }
            sleep(POLL);
        }
    }

    /** Sends a signal ({@code "INT"}, {@code "TERM"}) with {@code kill}, as a user's shell does. */
    void signal(final String signal)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + name);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * True when SIGINT is ignored in the process: a JVM keeps an ignored SIGINT ignored, and a
     * non-interactive shell that starts a command in the background (often how CI runs Maven)
     * makes it ignored for every descendant.
     */
    boolean ignoresSigint()
    {
        try
        {
            final List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"));
            for (final String line : status)
            {
                if (line.startsWith("SigIgn:"))
                {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & SIGINT_MASK) != 0;
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Sends {@code signal} and asserts a clean stop within {@code timeout}: exit code 0 or the
     * JVM's 128 + signal number, and {@code stopMessage} as a whole line on stderr.
     */
    void stopWith(final String signal, final int signalNumber, final String stopMessage, final Duration timeout)
    {
        signal(signal);
        final int exitCode = awaitExit(timeout);
        assertTrue(exitCode == 0 || exitCode == 128 + signalNumber, () -> name + " exited with " + exitCode + describe());
        assertTrue(stderr().lines().anyMatch(stopMessage::equals), () -> name + " did not print '" + stopMessage + "'" + describe());
    }

    /** Kills the process with SIGKILL, as a crash would, and waits for it to be gone. */
    void kill()
    {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Waits for the process to exit; fails if it is still running after {@code timeout}. Returns its exit code. */
    int awaitExit(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                fail(name + " still running " + timeout.toSeconds() + " s after being asked to stop" + describe());
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Stops the process if it still runs: SIGTERM, then SIGKILL after 10 s. Never throws for a stuck process. */
    @Override
    public void close()
    {
        try
        {
            if (process.isAlive())
            {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        finally
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(reaper);
            }
            catch (final IllegalStateException ignore)
            {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }

    private String describe()
    {
        final String err = stderr();
        final String[] lines = err.split("\n");
        final int from = Math.max(0, lines.length - 20);
        return "\n  stdout: " + stdout() + "\n  stderr (last lines):\n    " +
            String.join("\n    ", List.of(lines).subList(from, lines.length));
    }

    private static void sleep(final Duration duration)
    {
        try
        {
            Thread.sleep(duration.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString()
    {
        return name + " (pid " + pid() + ")";
    }
}
