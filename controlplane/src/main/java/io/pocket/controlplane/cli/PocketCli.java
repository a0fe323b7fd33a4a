package io.pocket.controlplane.cli;

import io.pocket.client.PocketException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code pocket} command line. Errors are one line on stderr; the exit code is 1 for a user
 * error (not found, exists, bad argument) and 2 for an unreachable or failed service.
 */
@Command(name = "pocket", mixinStandardHelpOptions = true, version = PocketCli.VERSION,
    description = "Elastic ephemeral storage for serverless analytics.")
public final class PocketCli implements Runnable
{
    /** What {@code --version} prints. */
    public static final String VERSION = "pocket 0.1.0";
    /** Exit code for an error the user caused. */
    public static final int EXIT_USER_ERROR = 1;
    /** Exit code for an unreachable or failed service. */
    public static final int EXIT_SERVICE_ERROR = 2;

    /** The slf4j-simple property that sets the level of every component log. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * {@code --verbose}, on every command: component logs at INFO rather than the launcher's WARN (a finer
     * {@code POCKET_LOG_LEVEL} stays). Takes effect because no component logs before the arguments are parsed.
     */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
        description = "show the components' INFO logs (default: warnings only, or $POCKET_LOG_LEVEL)")
    void verbose(final boolean verbose)
    {
        final String level = System.getProperty(LOG_LEVEL_PROPERTY, "info");
        if (verbose && !"debug".equalsIgnoreCase(level) && !"trace".equalsIgnoreCase(level))
        {
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
        }
    }

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see pocket --help)");
    }

    /** The command line with every core command; other modules add theirs (demo, bench). */
    public static CommandLine commandLine()
    {
        final CommandLine cli = bareCommandLine();
        CommandSet.core().addAllTo(cli);
        return cli;
    }

    /** The command line without subcommands: {@link CommandSet#commandLineFor} adds the ones a call needs. */
    public static CommandLine bareCommandLine()
    {
        final CommandLine cli = new CommandLine(new PocketCli());
        cli.setParameterExceptionHandler((ex, args) ->
        {
            final PrintWriter err = ex.getCommandLine().getErr();
            err.println("pocket: " + ex.getMessage());
            err.flush();
            return EXIT_USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            final PrintWriter err = commandLine.getErr();
            err.println("pocket: " + describe(ex));
            err.flush();
            return exitCode(ex);
        });
        return cli;
    }

    /**
     * Gives every command below {@code cli} the standard {@code --help} and {@code --version} options; call it after
     * the last subcommand was added.
     *
     * @param cli the command line.
     * @return {@code cli}.
     */
    public static CommandLine withHelpEverywhere(final CommandLine cli)
    {
        for (final CommandLine sub : cli.getSubcommands().values())
        {
            if (!sub.getCommandSpec().mixinStandardHelpOptions())
            {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
            if (0 == sub.getCommandSpec().version().length)
            {
                sub.getCommandSpec().version(cli.getCommandSpec().version());
            }
            withHelpEverywhere(sub);
        }
        return cli;
    }

    /** 1 for user errors (including a missing or forbidden local file), 2 for service failures and anything unexpected. */
    public static int exitCode(final Throwable ex)
    {
        if (ex instanceof PocketException)
        {
            return ((PocketException)ex).isUserError() ? EXIT_USER_ERROR : EXIT_SERVICE_ERROR;
        }
        return localFileProblem(ex) != null ? EXIT_USER_ERROR : EXIT_SERVICE_ERROR;
    }

    /** One line describing an error. */
    public static String describe(final Throwable ex)
    {
        final Throwable fileProblem = localFileProblem(ex);
        if (fileProblem instanceof NoSuchFileException)
        {
            return "no such file: " + fileProblem.getMessage();
        }
        if (fileProblem instanceof AccessDeniedException)
        {
            return "permission denied: " + fileProblem.getMessage();
        }
        // A wrapper keeps its own message (it names the file, its cause may not); a bare wrapper
        // (message = cause.toString()) gives way to its cause.
        final Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null &&
            ex.getCause().toString().equals(ex.getMessage()) ? ex.getCause() : ex;
        final String message = t.getMessage();
        final String line = message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
        final int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline);
    }

    /** The missing or forbidden local file behind {@code ex}, thrown directly or wrapped unchecked; else null. */
    private static Throwable localFileProblem(final Throwable ex)
    {
        final Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        return t instanceof NoSuchFileException || t instanceof AccessDeniedException ? t : null;
    }

    /**
     * Runs {@code args} with {@code commands}: a lone {@code --version} is answered without building a command
     * line (picocli's model of even one command costs more than the rest of the start-up).
     *
     * @return the exit code.
     */
    public static int run(final CommandSet commands, final String... args)
    {
        if (args.length == 1 && ("--version".equals(args[0]) || "-V".equals(args[0])))
        {
            System.out.println(VERSION);
            return 0;
        }
        return commands.commandLineFor(args).execute(args);
    }

    public static void main(final String[] args)
    {
        System.exit(run(CommandSet.core(), args));
    }
}
