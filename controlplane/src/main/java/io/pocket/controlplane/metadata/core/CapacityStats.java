package io.pocket.controlplane.metadata.core;

import java.util.List;

/**
 * A snapshot of the capacity of all storage servers. The totals count only servers that are not lost,
 * i.e. the capacity that can still be handed out or is in use on live servers.
 *
 * @param servers         every registered server, lost ones included, in ascending id order
 * @param totalBlocks     blocks of live servers
 * @param freeBlocks      free blocks of live servers
 * @param allocatedBlocks allocated blocks of live servers
 */
public record CapacityStats(List<ServerStats> servers, long totalBlocks, long freeBlocks, long allocatedBlocks)
{
    /** The stats of one server, or null if it never registered. */
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
}
