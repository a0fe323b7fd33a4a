package io.pocket.controlplane.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call builds only the command it names; --help and unknown commands see them all. */
class CommandSetTest
{
    @Test
    void aCallBuildsOnlyTheCommandItNamesUnderThatName()
    {
        final Set<String> all = PocketCli.commandLine().getSubcommands().keySet();
        for (final String name : all)
        {
            final CommandLine cli = CommandSet.core().commandLineFor(name, "--controller", "h:1");
            assertEquals(Set.of(name), cli.getSubcommands().keySet(), name);
        }
    }

    @Test
    void helpAndUnknownCommandsSeeEveryCommandAndAVersionCallNone()
    {
        final int all = PocketCli.commandLine().getSubcommands().size();
        assertEquals(all, CommandSet.core().commandLineFor("--help").getSubcommands().size());
        assertEquals(0, CommandSet.core().commandLineFor("--version").getSubcommands().size());

        final CommandLine unknown = CommandSet.core().commandLineFor("lss", "job");
        final StringWriter err = new StringWriter();
        unknown.setErr(new PrintWriter(err));
        assertEquals(all, unknown.getSubcommands().size());
        assertEquals(PocketCli.EXIT_USER_ERROR, unknown.execute("lss", "job"));
        assertTrue(err.toString().startsWith("pocket: Unmatched argument"), err.toString());
    }

    @Test
    void verboseOnAnyCommandRaisesTheLogLevelToInfoButNotAboveAFinerOne()
    {
        final String before = System.getProperty(PocketCli.LOG_LEVEL_PROPERTY);
        try
        {
            System.setProperty(PocketCli.LOG_LEVEL_PROPERTY, "warn");
            CommandSet.core().commandLineFor("ls", "j-1", "--verbose").parseArgs("ls", "j-1", "--verbose");
            assertEquals("info", System.getProperty(PocketCli.LOG_LEVEL_PROPERTY));

            System.setProperty(PocketCli.LOG_LEVEL_PROPERTY, "debug");
            CommandSet.core().commandLineFor("ls", "j-1", "--verbose").parseArgs("ls", "j-1", "--verbose");
            assertEquals("debug", System.getProperty(PocketCli.LOG_LEVEL_PROPERTY));
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty(PocketCli.LOG_LEVEL_PROPERTY);
            }
            else
            {
                System.setProperty(PocketCli.LOG_LEVEL_PROPERTY, before);
            }
        }
    }
}
