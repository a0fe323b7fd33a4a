package io.pocket.controlplane.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The subcommands of {@code pocket} by name, each made only when a command line needs it: picocli reads every
 * command's annotations when it is added, so a call of one command that builds the others pays for their classes
 * (the start-up of {@code pocket put} is mostly class loading, docs/performance.md, "CLI start-up").
 */
public final class CommandSet
{
    private final Map<String, Supplier<Object>> commands = new LinkedHashMap<>();

    /** The core commands, in the order {@code --help} lists them. */
    public static CommandSet core()
    {
        return new CommandSet()
            .add("local", ServerCommands.Local::new)
            .add("controller", ServerCommands.ControllerCommand::new)
            .add("metadata", ServerCommands.MetadataCommand::new)
            .add("storage", ServerCommands.StorageCommand::new)
            .add("register", ClientCommands.Register::new)
            .add("put", ClientCommands.Put::new)
            .add("get", ClientCommands.Get::new)
            .add("ls", ClientCommands.List_::new)
            .add("rm", ClientCommands.Remove::new)
            .add("mb", ClientCommands.MakeBucket::new)
            .add("rb", ClientCommands.RemoveBucket::new)
            .add("deregister", ClientCommands.Deregister::new)
            .add("status", ClientCommands.Status::new)
            .add("config", ConfigCommand::new)
            .add("cds-training", ClassDataTraining::new);
    }

    /**
     * Adds a command.
     *
     * @param name    its name, as its {@code @Command} annotation gives it
     * @param factory makes the command object
     * @return this set.
     */
    public CommandSet add(final String name, final Supplier<Object> factory)
    {
        commands.put(name, factory);
        return this;
    }

    /** Adds every command of this set to {@code cli}. */
    public CommandLine addAllTo(final CommandLine cli)
    {
        commands.values().forEach(factory -> cli.addSubcommand(factory.get()));
        return cli;
    }

    /**
     * The command line that runs {@code args}: with only the command they name when it is known, with none for a
     * call without a command (such as {@code --version}), with all of them for {@code --help} and for an unknown
     * command (its error suggests the known ones).
     *
     * @param args the arguments of the call.
     * @return the command line, error handlers and {@code --help} on every command included.
     */
    public CommandLine commandLineFor(final String... args)
    {
        final CommandLine cli = PocketCli.bareCommandLine();
        String command = null;
        boolean help = false;
        for (final String arg : args)
        {
            if (!arg.startsWith("-"))
            {
                command = arg;
                break;
            }
            help |= "-h".equals(arg) || "--help".equals(arg);
        }
        final Supplier<Object> factory = command == null ? null : commands.get(command);
        if (factory != null)
        {
            cli.addSubcommand(factory.get());
        }
        else if (help || command != null)
        {
            addAllTo(cli);
        }
        return PocketCli.withHelpEverywhere(cli);
    }
}
