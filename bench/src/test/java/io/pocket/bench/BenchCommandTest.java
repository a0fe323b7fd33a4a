package io.pocket.bench;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options of {@code pocket bench} and their validation; nothing here connects to a cluster. */
class BenchCommandTest
{
    private static BenchConfig parse(final String... args)
    {
        final BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    private static String invalid(final String... args)
    {
        return assertThrows(InvalidArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void defaults()
    {
        final BenchConfig config = parse("--controller", "ctl:4321");

        assertEquals("ctl:4321", config.controller());
        assertEquals(BenchOp.GET, config.op());
        assertEquals(1, config.clients());
        assertEquals(1024, config.objectSize());
        assertEquals(TimeUnit.SECONDS.toNanos(10), config.durationNanos());
        assertEquals(TimeUnit.SECONDS.toNanos(2), config.warmupNanos());
        assertEquals(1000, config.objects());
        assertEquals(0, config.ioThreads());
        assertEquals(1, config.batch());
        assertEquals(1, config.opsPerCall());
        assertEquals(null, config.latencyNote());
    }

    @Test
    void controllerDefaultsToTheEnvironmentOrLocalhost()
    {
        final String env = System.getenv("POCKET_CONTROLLER");
        final String expected = env == null || env.isBlank() ? "localhost:4321" : env.trim();

        assertEquals(expected, parse().controller());
    }

    @Test
    void everyOption()
    {
        final BenchConfig config = parse("--clients", "16", "--size", "64k", "--op", "PUT", "--duration", "500ms",
            "--warmup", "0", "--objects", "50", "--controller", "10.0.0.1:5000", "--threads", "4");

        assertEquals(16, config.clients());
        assertEquals(64 * 1024, config.objectSize());
        assertEquals(BenchOp.PUT, config.op());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), config.durationNanos());
        assertEquals(0, config.warmupNanos());
        assertEquals(50, config.objects());
        assertEquals("10.0.0.1:5000", config.controller());
        assertEquals(4, config.ioThreads());
        assertEquals(64 * 1024, config.bytesPerOp());
    }

    @Test
    void lookupsMoveNoBytes()
    {
        final BenchConfig config = parse("--op", "lookup", "--size", "1m");

        assertEquals(BenchOp.LOOKUP, config.op());
        assertEquals(0, config.bytesPerOp());
    }

    @Test
    void lookupBatchesCountEveryNameAndSayLatencyIsPerCall()
    {
        final BenchConfig config = parse("--op", "lookup", "--batch", "16", "--clients", "4");

        assertEquals(16, config.batch());
        assertEquals(16, config.opsPerCall());
        assertEquals("note: latency is per batch of 16 lookups", config.latencyNote());
        assertTrue(config.describe().contains(" batch=16 "), config.describe());
        assertEquals(null, parse("--op", "lookup", "--batch", "1").latencyNote());
        assertTrue(!parse("--op", "lookup").describe().contains("batch"));
    }

    @Test
    void rejectsBatchesOutOfRangeOrForOtherOps()
    {
        assertEquals("--batch: must be between 1 and 10000, got 0", invalid("--op", "lookup", "--batch", "0"));
        assertEquals("--batch: must be between 1 and 10000, got 10001", invalid("--op", "lookup", "--batch", "10001"));
        assertEquals("--batch: only for --op lookup, got --op put", invalid("--op", "put", "--batch", "8"));
        assertEquals("--batch: only for --op lookup, got --op get", invalid("--batch", "8"));
        assertEquals("--batch: only for --op lookup, got --op get", invalid("--op", "get", "--batch", "1"));
    }

    @Test
    void standaloneCommandRefusesBatchedPutsInOneLine()
    {
        assertUserError("pocket bench: --batch: only for --op lookup, got --op put", "--op", "put", "--batch", "4");
    }

    @Test
    void defaultObjectSetFitsTheBudgetButCoversEveryClient()
    {
        assertEquals(1000, parse("--size", "1k").objects());
        assertEquals(256, parse("--size", "1m").objects());
        assertEquals(256, parse("--size", "1m", "--clients", "32").objects());
        assertEquals(8, parse("--size", "64m", "--clients", "8").objects());
        assertEquals(300, parse("--size", "64m", "--clients", "300").objects());
        assertEquals(1000, parse("--size", "0").objects());
    }

    @Test
    void rejectsTooFewClients()
    {
        assertEquals("--clients: must be between 1 and 1024, got 0", invalid("--clients", "0"));
        assertEquals("--clients: must be between 1 and 1024, got -3", invalid("--clients", "-3"));
        assertEquals("--clients: must be between 1 and 1024, got 5000", invalid("--clients", "5000"));
    }

    @Test
    void rejectsBadSizes()
    {
        assertTrue(invalid("--size", "lots").startsWith("--size: not a size: 'lots'"));
        assertTrue(invalid("--size", "1x").startsWith("--size: not a size: '1x'"));
        assertEquals("--size: must be between 0 and 1g, got 2g", invalid("--size", "2g"));
    }

    @Test
    void rejectsBadOps()
    {
        assertEquals("--op: must be put, get or lookup, got 'scan'", invalid("--op", "scan"));
    }

    @Test
    void rejectsBadDurations()
    {
        assertTrue(invalid("--duration", "10 seconds").startsWith("--duration: not a duration: '10 seconds'"));
        assertEquals("--duration: must be longer than 0, got 0s", invalid("--duration", "0s"));
        assertTrue(invalid("--warmup", "-1s").startsWith("--warmup: not a duration"));
    }

    @Test
    void rejectsBadObjectsThreadsAndController()
    {
        assertEquals("--objects: must be between 1 and 1000000, got 0", invalid("--objects", "0"));
        assertEquals("--threads: must be between 1 and 1024, got 0", invalid("--threads", "0"));
        assertTrue(invalid("--controller", "nohost").startsWith("--controller: address must be HOST:PORT"));
        assertTrue(invalid("--controller", "host:99999").startsWith("--controller: port out of range"));
    }

    @Test
    void standaloneCommandReportsOneLineAndExitCodeOneForUserErrors()
    {
        assertUserError("pocket bench: --clients: must be between 1 and 1024, got 0", "--clients", "0");
    }

    @Test
    void standaloneCommandReportsUnparsableOptions()
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = BenchCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));

        assertEquals(1, commandLine.execute("--clients", "many"));
        assertTrue(err.toString().startsWith("pocket bench: Invalid value for option '--clients'"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    /** Runs the standalone command: exit code 1, nothing on stdout, {@code message} as the one line on stderr. */
    private static void assertUserError(final String message, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = BenchCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));

        assertEquals(1, commandLine.execute(args));
        assertEquals("", out.toString());
        assertEquals(message, err.toString().strip());
    }
}
