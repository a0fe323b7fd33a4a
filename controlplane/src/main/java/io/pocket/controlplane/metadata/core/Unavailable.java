package io.pocket.controlplane.metadata.core;

import io.pocket.client.DataUnavailableException;
import io.pocket.protocol.TierKind;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What makes a sealed object's data unavailable, published for lookups to read without a lock: the storage servers
 * declared lost (a sorted array) and, per server and tier, the generations that a restart of the server did not keep
 * (an immutable map). Both are replaced whole by the {@link StorageRegistry} under its lock, never modified in place.
 */
final class Unavailable
{
    private static final int[] NONE = new int[0];

    private volatile int[] lostServerIds = NONE;
    private volatile Map<Long, Long> goneUpTo = Map.of();

    /** The key of a server's tier in the map of gone generations. */
    static long tierKey(final int serverId, final int tier)
    {
        return ((long)serverId << 8) | tier;
    }

    /** The server was declared lost. Under the registry's lock. */
    void lost(final int serverId)
    {
        final int[] ids = lostServerIds;
        if (Arrays.binarySearch(ids, serverId) < 0)
        {
            final int[] result = Arrays.copyOf(ids, ids.length + 1);
            result[ids.length] = serverId;
            Arrays.sort(result);
            lostServerIds = result;
        }
    }

    /** The server is available again. Under the registry's lock. */
    void back(final int serverId)
    {
        final int[] ids = lostServerIds;
        final int index = Arrays.binarySearch(ids, serverId);
        if (index >= 0)
        {
            final int[] result = new int[ids.length - 1];
            System.arraycopy(ids, 0, result, 0, index);
            System.arraycopy(ids, index + 1, result, index, ids.length - index - 1);
            lostServerIds = result;
        }
    }

    /** Replaces the generations gone per server and tier ({@link #tierKey}). Under the registry's lock. */
    void gone(final Map<Long, Long> goneUpToByTier)
    {
        goneUpTo = Map.copyOf(goneUpToByTier);
    }

    /**
     * Checks every block of an object.
     *
     * @throws DataUnavailableException naming the object, its job and the server, if a block is on a lost server or
     *                                  of a generation its server's restart did not keep
     */
    void check(final String name, final String jobId, final List<AllocatedBlock> blocks)
    {
        final int[] lost = lostServerIds;
        final Map<Long, Long> gone = goneUpTo;
        if (0 == lost.length && gone.isEmpty())
        {
            return;
        }
        for (int i = 0, size = blocks.size(); i < size; i++)
        {
            final AllocatedBlock block = blocks.get(i);
            final int serverId = block.serverId();
            if (Arrays.binarySearch(lost, serverId) >= 0)
            {
                throw new DataUnavailableException("object " + name + " of job " + jobId +
                    " is unavailable: storage server " + serverId + " was lost");
            }
            final Long upTo = gone.isEmpty() ? null : gone.get(tierKey(serverId, block.tier()));
            if (null != upTo && block.generation() <= upTo)
            {
                throw new DataUnavailableException("object " + name + " of job " + jobId +
                    " is unavailable: storage server " + serverId + " restarted without its " + tierName(block.tier()) +
                    " blocks");
            }
        }
    }

    private static String tierName(final int tier)
    {
        try
        {
            return TierKind.of(tier).name();
        }
        catch (final IllegalArgumentException ex)
        {
            return "tier " + tier;
        }
    }
}
