package io.pocket.bench;

import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.client.PocketException;
import io.pocket.client.Sizes;
import io.pocket.controlplane.cli.ConfigSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code pocket bench}: registers a job {@code bench}, drives it with a closed loop of client threads
 * (see {@link LoadDriver}), deregisters it and prints one line on stdout:
 * <pre>result ops_per_s=N mb_per_s=N.N p50_us=N p99_us=N p999_us=N</pre>
 * With {@code --batch N} (lookups only) each call looks up N names and counts N operations, and a
 * line {@code note: latency is per batch of N lookups} comes first, as the latencies are per call.
 * Progress goes to stderr once per second. Typed {@link PocketException}s propagate to the caller, which
 * maps them to exit codes; {@link #main} does so when the command runs on its own. Client options other
 * than the controller and event loop threads come from {@code pocket.client.*} keys ({@code --config FILE}, {@code -D}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Drives a running cluster with a closed loop of clients and prints " +
        "'result ops_per_s=N mb_per_s=N p50_us=N p99_us=N p999_us=N'.")
public final class BenchCommand implements Callable<Integer>
{
    /** Name of the job every run registers. */
    public static final String JOB_NAME = "bench";

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigSource configSource = new ConfigSource();

    @Option(names = "--clients", defaultValue = "1", paramLabel = "N",
        description = "Client threads sharing one client, one operation in flight each (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--size", defaultValue = "1k", paramLabel = "SIZE",
        description = "Object size: 1k, 64k, 1m, ... (default: ${DEFAULT-VALUE}).")
    private String size;

    @Option(names = "--op", defaultValue = "get", paramLabel = "put|get|lookup",
        description = "put new objects, get stored ones, or lookup (metadata only) (default: ${DEFAULT-VALUE}).")
    private String op;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "TIME",
        description = "Measured time: 500ms, 10s, 1m or seconds (default: ${DEFAULT-VALUE}).")
    private String duration;

    @Option(names = "--warmup", defaultValue = "2s", paramLabel = "TIME",
        description = "Time run before measuring, not recorded (default: ${DEFAULT-VALUE}).")
    private String warmup;

    @Option(names = "--objects", paramLabel = "N",
        description = "Objects stored before timing for get and lookup (default: 1000, fewer when they would take " +
            "more than 256m, at least --clients).")
    private Integer objects;

    @Option(names = "--batch", paramLabel = "N",
        description = "With --op lookup: lookups per client call, pipelined over one connection " +
            "(Job.lookupAll); each counts as an operation, latency is per call (default: 1).")
    private Integer batch;

    @Option(names = "--controller", paramLabel = "HOST:PORT",
        description = "Controller address (default: $POCKET_CONTROLLER or localhost:4321).")
    private String controller;

    @Option(names = "--threads", paramLabel = "N",
        description = "Event loop threads of the client (default: " + ClientContext.IO_THREADS_DEFAULT + ").")
    private Integer threads;

    /**
     * The run the options describe.
     *
     * @throws InvalidArgumentException starting with the option at fault
     */
    public BenchConfig config()
    {
        final BenchOp benchOp = BenchOp.parse(op);
        final long objectSize;
        try
        {
            objectSize = Sizes.parseSize(size);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException("--size: " + ex.getMessage());
        }
        if (threads != null && threads < 1)
        {
            throw new InvalidArgumentException(
                "--threads: must be between 1 and " + BenchConfig.MAX_IO_THREADS + ", got " + threads);
        }
        if (batch != null && benchOp != BenchOp.LOOKUP)
        {
            throw BenchConfig.batchNeedsLookup(benchOp);
        }
        final String address = controller == null || controller.isBlank() ?
            ClientContext.fromProperties(configSource.properties()).controller() : controller.trim();
        return new BenchConfig(
            address,
            benchOp,
            clients,
            objectSize,
            Durations.parseNanos("--duration", duration),
            Durations.parseNanos("--warmup", warmup),
            objects != null ? objects : BenchConfig.defaultObjects(clients, objectSize),
            threads != null ? threads : 0,
            batch != null ? batch : 1);
    }

    @Override
    public Integer call()
    {
        final BenchConfig config = config();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ClientContext options = ClientContext.fromProperties(configSource.properties());
        configSource.print(options.copy().controller(config.controller()).toProperties());
        final BenchResult result = run(config, options, err);
        err.println(String.format(Locale.ROOT, "[bench] measured %d operations in %.2f s", result.operations(),
            result.seconds()));
        err.flush();
        if (config.latencyNote() != null)
        {
            out.println(config.latencyNote());
        }
        out.println(result.line());
        out.flush();
        return 0;
    }

    /**
     * Connects, registers the job {@value #JOB_NAME} with one lambda per client, runs the load and
     * deregisters the job, also when the run fails.
     */
    public static BenchResult run(final BenchConfig config, final PrintWriter progressOut)
    {
        return run(config, ClientContext.fromProperties(System.getProperties()), progressOut);
    }

    /** As {@link #run(BenchConfig, PrintWriter)} with the client options of {@code options}. */
    public static BenchResult run(final BenchConfig config, final ClientContext options, final PrintWriter progressOut)
    {
        final ClientContext context = options.copy().controller(config.controller());
        if (config.ioThreads() > 0)
        {
            context.ioThreads(config.ioThreads());
        }
        try (PocketClient client = PocketClient.connect(config.controller(), context))
        {
            final Job job = client.registerJob(JOB_NAME, Hints.none().lambdas(config.clients()));
            final BenchResult result;
            try
            {
                result = new LoadDriver(config, job, progressOut).run();
            }
            catch (final RuntimeException | Error ex)
            {
                deregisterAfterFailure(job, ex);
                throw ex;
            }
            job.deregister();
            return result;
        }
    }

    /** Runs the command on its own: one line on stderr and exit code 1 (user error) or 2 (service) on failure. */
    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** A command line for this command that reports errors as one line, with Pocket's exit codes. */
    public static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setExecutionExceptionHandler((ex, cl, parseResult) ->
        {
            cl.getErr().println("pocket bench: " + ex.getMessage());
            cl.getErr().flush();
            return ex instanceof PocketException pocket && pocket.isUserError() ? 1 : 2;
        });
        commandLine.setParameterExceptionHandler((ex, args) ->
        {
            ex.getCommandLine().getErr().println("pocket bench: " + ex.getMessage());
            ex.getCommandLine().getErr().flush();
            return 1;
        });
        return commandLine;
    }

    private static void deregisterAfterFailure(final Job job, final Throwable failure)
    {
        try
        {
            job.deregister();
        }
        catch (final RuntimeException ex)
        {
            failure.addSuppressed(ex);
        }
    }
}
