package io.pocket.controlplane.metadata.core;

import java.util.List;

/**
 * A snapshot of the capacity of all storage servers. The totals count only servers that are not lost,
 * i.e. the capacity that can still be handed out or is in use on live servers.
 *
 * @param servers         every registered server and tier, lost ones included, in ascending id then tier order
 * @param totalBlocks     blocks of live servers
 * @param freeBlocks      free blocks of live servers
 * @param allocatedBlocks allocated blocks of live servers
 */
public record CapacityStats(List<ServerStats> servers, long totalBlocks, long freeBlocks, long allocatedBlocks)
{
    /** The stats of one server's lowest tier, or null if it never registered. */
    public ServerStats server(final int serverId)
    {
        for (final ServerStats s : servers)
        {
            if (s.serverId() == serverId)
            {
                return s;
            }
        }

        return null;
    }

    /** The stats of one server's tier, or null if it offered no blocks of that tier. */
    public ServerStats server(final int serverId, final int tier)
    {
        for (final ServerStats s : servers)
        {
            if (s.serverId() == serverId && s.tier() == tier)
            {
                return s;
            }
        }

        return null;
    }

    /** Blocks of a tier on live servers. */
    public long totalBlocks(final int tier)
    {
        long total = 0;
        for (final ServerStats s : servers)
        {
            total += s.tier() == tier && !s.lost() ? s.totalBlocks() : 0;
        }

        return total;
    }

    /** Allocated blocks of a tier on live servers. */
    public long allocatedBlocks(final int tier)
    {
        long allocated = 0;
        for (final ServerStats s : servers)
        {
            allocated += s.tier() == tier && !s.lost() ? s.allocatedBlocks() : 0;
        }

        return allocated;
    }
}
