package io.pocket.controlplane.cli;

import io.pocket.client.InvalidArgumentException;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.StorageServerContext;
import io.pocket.dataplane.io.IoEngineKind;
import picocli.CommandLine.Option;

/**
 * The device tier options shared by {@code local} and {@code storage}: an NVMe tier, a disk tier and the I/O engine
 * that serves them, each the flag of a {@code pocket.storage.*} key of {@link StorageServerContext}, the one place
 * they are declared. Errors name the flag ({@code --nvme: must be PATH:SIZE ...}).
 */
final class DeviceOptions
{
    @Option(names = "--nvme", paramLabel = "PATH:SIZE",
        description = "NVMe tier on a file or block device, e.g. /data/pocket.nvme:4g (created and sized if missing;" +
            " with several local storage servers each gets PATH.0, PATH.1, ...; pocket.storage.nvme)")
    String nvme;

    @Option(names = "--nvme-keep", description = "keep the NVMe tier's blocks across a clean restart (pocket.storage.nvmeKeep, default: reset)")
    Boolean nvmeKeep;

    @Option(names = "--nvme-sqpoll", description = "let a kernel thread poll the NVMe submission queues, io_uring only (pocket.storage.nvmeSqpoll)")
    Boolean nvmeSqpoll;

    @Option(names = "--disk", paramLabel = "PATH:SIZE",
        description = "disk (SSD/HDD) tier on a file or block device, e.g. /data/pocket.disk:20g (always reset; pocket.storage.disk)")
    String disk;

    @Option(names = "--io-engine", paramLabel = "KIND",
        description = "I/O engine of the NVMe and disk tiers: io_uring, posix or auto (pocket.storage.ioEngine, default auto)")
    String ioEngine;

    /**
     * Sets the device tier options given on the command line, over what {@code ctx} holds (its defaults, file and
     * system properties); for {@code local} the template of every storage server.
     */
    StorageServerContext applyTo(final StorageServerContext ctx)
    {
        if (nvme != null)
        {
            ctx.nvme(DeviceSpec.parse("--nvme", nvme));
        }
        if (nvmeKeep != null)
        {
            ctx.nvmeKeep(nvmeKeep);
        }
        if (nvmeSqpoll != null)
        {
            ctx.nvmeSqpoll(nvmeSqpoll);
        }
        if (disk != null)
        {
            ctx.disk(DeviceSpec.parse("--disk", disk));
        }
        if (ioEngine != null)
        {
            try
            {
                ctx.ioEngine(IoEngineKind.parse(ioEngine));
            }
            catch (final InvalidArgumentException ex)
            {
                throw new InvalidArgumentException("--io-engine: " + ex.getMessage());
            }
        }
        return ctx;
    }
}
