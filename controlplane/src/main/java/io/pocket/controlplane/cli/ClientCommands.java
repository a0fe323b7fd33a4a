package io.pocket.controlplane.cli;

import io.pocket.client.ClientContext;
import io.pocket.client.GetOption;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectInfo;
import io.pocket.client.PocketClient;
import io.pocket.client.PutOption;
import io.pocket.client.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The commands a user runs against a running cluster: jobs, objects and buckets. */
final class ClientCommands
{
    private ClientCommands()
    {
    }

    /**
     * Base of the client commands: a connection to the controller for the duration of the command, with the
     * {@code pocket.client.*} options of the file and system properties ({@link ConfigSource}).
     */
    abstract static class ClientCommand implements Callable<Integer>
    {
        @Mixin
        ControllerOption controller;

        @Mixin
        ConfigSource config;

        PrintStream out = System.out;

        @Override
        public Integer call()
        {
            final ClientContext ctx = ClientContext.fromProperties(config.properties());
            ctx.controller(controller.address(ctx.controller()));
            config.print(ctx.toProperties());
            try (PocketClient client = PocketClient.connect(ctx))
            {
                run(client);
            }
            return 0;
        }

        abstract void run(PocketClient client);
    }

    /** Base of the commands that act on one job: attaches to JOB, the first parameter. */
    abstract static class JobCommand extends ClientCommand
    {
        @Parameters(index = "0", paramLabel = "JOB", description = "job id, as printed by register")
        String jobId;

        @Override
        final void run(final PocketClient client)
        {
            try (Job job = client.attach(jobId))
            {
                run(job);
            }
        }

        abstract void run(Job job);
    }

    @Command(name = "register", description = "Register a job; prints its id alone on stdout.")
    static final class Register extends ClientCommand
    {
        @Parameters(index = "0", paramLabel = "NAME", description = "job name ([A-Za-z0-9._-], at most 64)")
        String name;

        @Option(names = "--lambdas", paramLabel = "N", description = "concurrent lambdas of the job")
        int lambdas;

        @Option(names = "--capacity", paramLabel = "SIZE", description = "peak capacity, e.g. 10g")
        String capacity;

        @Option(names = "--throughput", paramLabel = "RATE", description = "peak throughput, e.g. 500m or 8gbit")
        String throughput;

        @Option(names = "--latency-insensitive", description = "the job's latency does not matter (no DRAM)")
        boolean latencyInsensitive;

        @Override
        void run(final PocketClient client)
        {
            final Hints hints = Hints.none().lambdas(lambdas).latencySensitive(!latencyInsensitive);
            if (capacity != null)
            {
                hints.capacity(Sizes.parseSize(capacity));
            }
            if (throughput != null)
            {
                hints.throughput(Sizes.parseRate(throughput));
            }
            try (Job job = client.registerJob(name, hints))
            {
                out.println(job.id());
            }
        }
    }

    @Command(name = "put", description = "Write a file as a new object.")
    static final class Put extends JobCommand
    {
        @Parameters(index = "1", paramLabel = "OBJECT", description = "bucket/object or object")
        String object;

        @Parameters(index = "2", paramLabel = "FILE")
        Path file;

        @Option(names = "--persist", description = "keep the object after the job ends")
        boolean persist;

        @Override
        void run(final Job job)
        {
            job.put(object, file, persist ? new PutOption[]{PutOption.PERSIST} : new PutOption[0]);
        }
    }

    @Command(name = "get", description = "Read an object into a file.")
    static final class Get extends JobCommand
    {
        @Parameters(index = "1", paramLabel = "OBJECT")
        String object;

        @Parameters(index = "2", paramLabel = "FILE")
        Path file;

        @Option(names = "--delete", description = "free the object once it has been read")
        boolean delete;

        @Override
        void run(final Job job)
        {
            job.get(object, file, delete ? new GetOption[]{GetOption.DELETE} : new GetOption[0]);
        }
    }

    @Command(name = "ls", description = "List a bucket's objects (the job's top-level objects without BUCKET).")
    static final class List_ extends JobCommand
    {
        @Parameters(index = "1", paramLabel = "BUCKET", arity = "0..1")
        String bucket = "";

        @Override
        void run(final Job job)
        {
            for (final ObjectInfo info : job.enumerate(bucket))
            {
                out.printf("%12d  %s%s%n", info.size(), info.name(), info.persistent() ? "  (persist)" : "");
            }
        }
    }

    @Command(name = "rm", description = "Delete an object.")
    static final class Remove extends JobCommand
    {
        @Parameters(index = "1", paramLabel = "OBJECT")
        String object;

        @Override
        void run(final Job job)
        {
            job.delete(object);
        }
    }

    @Command(name = "mb", description = "Make a bucket.")
    static final class MakeBucket extends JobCommand
    {
        @Parameters(index = "1", paramLabel = "BUCKET")
        String bucket;

        @Override
        void run(final Job job)
        {
            job.createBucket(bucket);
        }
    }

    @Command(name = "rb", description = "Remove an empty bucket.")
    static final class RemoveBucket extends JobCommand
    {
        @Parameters(index = "1", paramLabel = "BUCKET")
        String bucket;

        @Override
        void run(final Job job)
        {
            job.deleteBucket(bucket);
        }
    }

    @Command(name = "deregister", description = "End a job: all its data except PERSIST objects is freed.")
    static final class Deregister extends JobCommand
    {
        @Override
        void run(final Job job)
        {
            job.deregister();
        }
    }

    @Command(name = "status", description = "Show storage servers, capacity used and free, and jobs.")
    static final class Status extends ClientCommand
    {
        @Option(names = "--json", description = "print the same facts as one line of JSON (sizes in bytes)")
        boolean json;

        @Override
        void run(final PocketClient client)
        {
            if (json)
            {
                out.println(StatusJson.format(client.status()));
            }
            else
            {
                StatusPrinter.print(client.status(), out);
            }
        }
    }
}
