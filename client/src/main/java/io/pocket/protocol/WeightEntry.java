package io.pocket.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a job's weight map on the wire: storage server id (i32) and its share of the
 * job's blocks (f64 in [0, 1]).
 */
public record WeightEntry(int serverId, double weight)
{
    public static final int LENGTH = 12;

    public static void writeList(final MessageWriter w, final List<WeightEntry> entries)
    {
        w.putInt(entries.size());
        for (final WeightEntry e : entries)
        {
            w.putInt(e.serverId).putDouble(e.weight);
        }
    }

    public static List<WeightEntry> readList(final MessageReader r)
    {
        final int n = r.getCount(LENGTH);
        final List<WeightEntry> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            list.add(new WeightEntry(r.getInt(), r.getDouble()));
        }
        return list;
    }
}
