package io.pocket.controlplane.metadata.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Sealed persistent objects ordered by expiry time. Its monitor is a leaf lock: taken inside a job's
 * lock, never held while taking another lock.
 */
final class ExpiryQueue
{
    private static final Comparator<ObjectEntry> BY_EXPIRY =
        Comparator.<ObjectEntry>comparingLong(e -> e.expiryNs).thenComparingLong(e -> e.writeId);

    private final TreeSet<ObjectEntry> entries = new TreeSet<>(BY_EXPIRY);

    synchronized void add(final ObjectEntry entry)
    {
        entries.add(entry);
    }

    synchronized void remove(final ObjectEntry entry)
    {
        entries.remove(entry);
    }

    /** Removes and returns the entries whose expiry time is at or before {@code nowNs}, earliest first. */
    synchronized List<ObjectEntry> pollExpired(final long nowNs)
    {
        List<ObjectEntry> expired = List.of();
        while (!entries.isEmpty() && entries.first().expiryNs <= nowNs)
        {
            if (expired.isEmpty())
            {
                expired = new ArrayList<>();
            }
            expired.add(entries.pollFirst());
        }

        return expired;
    }

    synchronized int size()
    {
        return entries.size();
    }
}
