package io.pocket.controlplane.cli;

import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code pocket cds-training} (hidden): the run whose loaded classes {@code scripts/pocket} puts into the class-data
 * sharing archive. It starts a small cluster in this process and runs the client commands against it through
 * the command line, so the archive holds what a server and a client command load (docs/performance.md, "CLI
 * start-up"). It prints what the commands print; the launcher discards it.
 */
@Command(name = "cds-training", hidden = true, description = "Load the classes of a typical session (for the class-data archive).")
final class ClassDataTraining implements Callable<Integer>
{
    @Override
    public Integer call() throws IOException
    {
        final Path dir = Files.createTempDirectory("pocket-cds-");
        try (LocalCluster cluster = LocalCluster.start(new LocalClusterContext().storageServers(1).dram(16L << 20)))
        {
            final String controller = "localhost:" + cluster.controller().port();
            final Path in = Files.write(dir.resolve("in"), new byte[1024]);
            final Path big = Files.write(dir.resolve("big"), new byte[300 * 1024]);
            final Path out = dir.resolve("out");
            run("--help");
            run("status", "--controller", controller);
            run("status", "--json", "--controller", controller);
            final String job = "cds-training-1";
            run("register", "cds-training", "--lambdas", "1", "--capacity", "1m", "--controller", controller);
            run("mb", job, "b", "--controller", controller);
            run("put", job, "b/small", in.toString(), "--controller", controller);
            run("put", job, "b/big", big.toString(), "--controller", controller);
            run("ls", job, "b", "--controller", controller);
            run("get", job, "b/small", out.toString(), "--controller", controller);
            run("get", job, "b/big", out.toString(), "--delete", "--controller", controller);
            run("get", job, "b/missing", out.toString(), "--controller", controller);
            run("rm", job, "b/small", "--controller", controller);
            run("deregister", job, "--controller", controller);
        }
        finally
        {
            deleteTree(dir);
        }
        return 0;
    }

    private static void run(final String... args)
    {
        CommandSet.core().commandLineFor(args).execute(args);
    }

    private static void deleteTree(final Path dir)
    {
        try (var files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
