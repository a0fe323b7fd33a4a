package io.pocket.controlplane.cli;

import io.pocket.client.InvalidArgumentException;
import io.pocket.controlplane.cluster.LocalClusterContext;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.StorageServerContext;
import io.pocket.dataplane.io.IoEngineKind;
import picocli.CommandLine.Option;

/**
 * The device tier options shared by {@code local} and {@code storage}: an NVMe tier, a disk tier and
 * the I/O engine that serves them. Errors name the option ({@code --nvme: must be PATH:SIZE ...}).
 */
final class DeviceOptions
{
    @Option(names = "--nvme", paramLabel = "PATH:SIZE",
        description = "NVMe tier on a file or block device, e.g. /data/pocket.nvme:4g (created and sized if missing;" +
            " with several local storage servers each gets PATH.0, PATH.1, ...)")
    String nvme;

    @Option(names = "--nvme-keep", description = "keep the NVMe tier's blocks across a clean restart (default: reset)")
    boolean nvmeKeep;

    @Option(names = "--nvme-sqpoll", description = "let a kernel thread poll the NVMe submission queues (io_uring)")
    boolean nvmeSqpoll;

    @Option(names = "--disk", paramLabel = "PATH:SIZE",
        description = "disk (SSD/HDD) tier on a file or block device, e.g. /data/pocket.disk:20g (always reset)")
    String disk;

    @Option(names = "--io-engine", paramLabel = "KIND",
        description = "I/O engine of the NVMe and disk tiers: io_uring, posix or auto (default auto)")
    String ioEngine = "auto";

    DeviceSpec nvmeSpec()
    {
        return DeviceSpec.parse("--nvme", nvme);
    }

    DeviceSpec diskSpec()
    {
        return DeviceSpec.parse("--disk", disk);
    }

    IoEngineKind engine()
    {
        try
        {
            return IoEngineKind.parse(ioEngine);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException("--io-engine: " + ex.getMessage());
        }
    }

    /** Sets the device tiers of one storage server. */
    StorageServerContext applyTo(final StorageServerContext ctx)
    {
        return ctx.nvme(nvmeSpec()).nvmeKeep(nvmeKeep).nvmeSqpoll(nvmeSqpoll).disk(diskSpec()).ioEngine(engine());
    }

    /** Sets the device tiers of every storage server of a local cluster. */
    LocalClusterContext applyTo(final LocalClusterContext ctx)
    {
        return ctx.nvme(nvmeSpec()).nvmeKeep(nvmeKeep).nvmeSqpoll(nvmeSqpoll).disk(diskSpec()).ioEngine(engine());
    }
}
