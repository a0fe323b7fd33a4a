package io.pocket.controlplane.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PocketCliHelpTest
{
    @Test
    void everyCommandAnswersHelpWithItsUsage()
    {
        final CommandLine cli = PocketCli.withHelpEverywhere(PocketCli.commandLine());
        for (final String command : cli.getSubcommands().keySet())
        {
            final StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out));
            assertEquals(0, cli.execute(command, "--help"), command);
            assertTrue(out.toString().startsWith("Usage: pocket " + command), command + ":\n" + out);
            final StringWriter version = new StringWriter();
            cli.setOut(new PrintWriter(version));
            assertEquals(0, cli.execute(command, "--version"), command);
            assertTrue(version.toString().startsWith("pocket "), command + ": " + version);
        }
    }

    @Test
    void anUnknownOptionIsStillAUserError()
    {
        final CommandLine cli = PocketCli.withHelpEverywhere(PocketCli.commandLine());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(PocketCli.EXIT_USER_ERROR, cli.execute("local", "--no-such-option"));
    }
}
