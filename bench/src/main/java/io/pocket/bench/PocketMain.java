package io.pocket.bench;

import io.pocket.bench.demo.DemoCommand;
import io.pocket.bench.peers.PeersCommand;
import io.pocket.bench.sort.SortPeersCommand;
import io.pocket.controlplane.cli.CommandSet;
import io.pocket.controlplane.cli.PocketCli;

/**
 * Entry point of {@code scripts/pocket}: the core commands plus {@code demo} and the benchmarks. Only the command
 * a call names is built ({@link CommandSet#commandLineFor}).
 */
public final class PocketMain
{
    private PocketMain()
    {
    }

    /** Every command of {@code scripts/pocket}, in the order {@code --help} lists them. */
    public static CommandSet commands()
    {
        return CommandSet.core()
            .add("demo", DemoCommand::new)
            .add("bench", BenchCommand::new)
            .add("peers", PeersCommand::new)
            .add("peers-sort", SortPeersCommand::new);
    }

    public static void main(final String[] args)
    {
        System.exit(PocketCli.run(commands(), args));
    }
}
