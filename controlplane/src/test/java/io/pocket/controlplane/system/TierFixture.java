package io.pocket.controlplane.system;

import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.dataplane.StorageServer;
import io.pocket.dataplane.tier.BlockStore;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import io.pocket.protocol.ControllerMessages.TierUsage;
import io.pocket.protocol.TierKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.pocket.controlplane.system.DataPathFixture.awaitValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Helpers of the tier system tests: device files under the build directory (ext4 or another file
 * system with O_DIRECT; tmpfs has none and the storage server refuses it, saying so), and the three
 * views of used capacity per tier.
 */
final class TierFixture
{
    static final int DRAM = TierKind.DRAM.code();
    static final int NVME = TierKind.NVME.code();
    static final int DISK = TierKind.DISK.code();

    private TierFixture()
    {
    }

    /**
     * A fresh directory {@code target/tier-tests/NAME} for device files: under the build directory,
     * not {@code /tmp}, which may be a tmpfs without O_DIRECT.
     */
    static Path deviceDirectory(final String name)
    {
        final Path dir = Path.of("target", "tier-tests", name).toAbsolutePath();
        try
        {
            Files.createDirectories(dir);
            return dir;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Blocks of a tier handed out by the metadata server on live storage servers. */
    static long metadataAllocated(final LocalCluster cluster, final int tier)
    {
        return cluster.metadata().store().stats().allocatedBlocks(tier);
    }

    /** Blocks of a tier holding data according to the running storage servers. */
    static long storageUsed(final LocalCluster cluster, final TierKind kind)
    {
        long used = 0;
        for (final StorageServer server : cluster.storageServers())
        {
            final BlockStore store = server.tier(kind);
            if (store != null && !server.tier().isClosed())
            {
                used += store.usedBlocks();
            }
        }
        return used;
    }

    /** Blocks of a tier holding data according to the controller's status (last heartbeats of live servers). */
    static long statusUsed(final PocketClient client, final int tier)
    {
        long used = 0;
        for (final ServerStatus server : client.status().servers())
        {
            for (final TierUsage t : server.tiers())
            {
                used += server.alive() && t.tier() == tier ? t.usedBlocks() : 0;
            }
        }
        return used;
    }

    /** Blocks of a tier in all according to the controller's status of live servers. */
    static long statusTotal(final PocketClient client, final int tier)
    {
        long total = 0;
        for (final ServerStatus server : client.status().servers())
        {
            for (final TierUsage t : server.tiers())
            {
                total += server.alive() && t.tier() == tier ? t.usedBlocks() + t.freeBlocks() : 0;
            }
        }
        return total;
    }

    /** The tier order the controller's status shows for a job. */
    static List<Integer> jobTiers(final PocketClient client, final String jobId)
    {
        for (final JobStatus job : client.status().jobs())
        {
            if (job.jobId().equals(jobId))
            {
                return job.tiers();
            }
        }
        throw new AssertionError("no job " + jobId + " in status");
    }

    /**
     * Waits until the metadata server, the storage servers and the controller agree that {@code used}
     * blocks of the tier hold data (the metadata server at once, the others after polling).
     */
    static void assertTierUsed(final LocalCluster cluster, final PocketClient client, final TierKind kind,
        final long used)
    {
        final String tier = kind.name();
        assertEquals(used, metadataAllocated(cluster, kind.code()), tier + " blocks allocated by the metadata server");
        awaitValue(tier + " blocks used on the storage servers", used, () -> storageUsed(cluster, kind));
        awaitValue(tier + " blocks used in the controller's status", used, () -> statusUsed(client, kind.code()));
    }
}
