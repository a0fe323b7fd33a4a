package io.pocket.bench;

import io.pocket.bench.demo.DemoCommand;
import io.pocket.bench.peers.PeersCommand;
import io.pocket.bench.sort.SortPeersCommand;
import io.pocket.controlplane.cli.PocketCli;
import picocli.CommandLine;

/** Entry point of {@code scripts/pocket}: the core commands plus {@code demo} and {@code bench}. */
public final class PocketMain
{
    private PocketMain()
    {
    }

    public static void main(final String[] args)
    {
        final CommandLine cli = PocketCli.commandLine();
        cli.addSubcommand(new DemoCommand());
        cli.addSubcommand(new BenchCommand());
        cli.addSubcommand(new PeersCommand());
        cli.addSubcommand(new SortPeersCommand());
        System.exit(PocketCli.withHelpEverywhere(cli).execute(args));
    }
}
