package io.pocket.bench.cli;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.JobNotFoundException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.cli.ControllerOption;
import io.pocket.controlplane.cli.PocketCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the command line turns an exception into its one error line and exit code; in-process, no cluster. */
class CliErrorReportingTest
{
    @Test
    void pocketExceptionsSplitIntoUserAndServiceErrors()
    {
        assertEquals(PocketCli.EXIT_USER_ERROR, PocketCli.exitCode(new JobNotFoundException("no job j-1")));
        assertEquals(PocketCli.EXIT_USER_ERROR, PocketCli.exitCode(new InvalidArgumentException("bad")));
        assertEquals(PocketCli.EXIT_SERVICE_ERROR, PocketCli.exitCode(new ServiceUnavailableException("down")));
        assertEquals("no job j-1", PocketCli.describe(new JobNotFoundException("no job j-1")));
    }

    @Test
    void missingOrForbiddenLocalFilesAreUserErrorsWrappedOrNot()
    {
        final NoSuchFileException missing = new NoSuchFileException("/in/put.bin");
        final UncheckedIOException wrappedForbidden =
            new UncheckedIOException("reading /in/put.bin failed", new AccessDeniedException("/in/put.bin"));

        assertEquals("no such file: /in/put.bin", PocketCli.describe(missing));
        assertEquals(PocketCli.EXIT_USER_ERROR, PocketCli.exitCode(missing));
        assertEquals("permission denied: /in/put.bin", PocketCli.describe(wrappedForbidden));
        assertEquals(PocketCli.EXIT_USER_ERROR, PocketCli.exitCode(wrappedForbidden));
    }

    @Test
    void otherIoFailuresKeepTheMessageThatNamesTheFile()
    {
        final UncheckedIOException named =
            new UncheckedIOException("writing /dev/stdout failed: Illegal seek", new IOException("Illegal seek"));
        final UncheckedIOException bare = new UncheckedIOException(new IOException("No space left on device"));

        assertEquals("writing /dev/stdout failed: Illegal seek", PocketCli.describe(named));
        assertEquals("No space left on device", PocketCli.describe(bare));
        assertEquals(PocketCli.EXIT_SERVICE_ERROR, PocketCli.exitCode(named));
    }

    @Test
    void describeIsOneLineAndNeverEmpty()
    {
        assertEquals("first", PocketCli.describe(new IllegalStateException("first\nsecond")));
        assertEquals("NullPointerException", PocketCli.describe(new NullPointerException()));
    }

    @Test
    void controllerOptionIsTrimmed()
    {
        final WithController command = new WithController();
        new CommandLine(command).parseArgs("--controller", " ctl:4321 ");

        assertEquals("ctl:4321", command.controller.address());
    }

    @Command(name = "with-controller")
    static final class WithController
    {
        @Mixin
        ControllerOption controller;
    }
}
