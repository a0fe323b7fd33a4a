package io.pocket.controlplane.metadata.core;

import io.pocket.client.ObjectInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/** A bucket of a job and the objects named in it, sealed or not. Guarded by its job's lock. */
final class Bucket
{
    private static final Comparator<ObjectInfo> BY_NAME = Comparator.comparing(ObjectInfo::name);

    final String name;
    private final HashMap<String, ObjectEntry> entryByName = new HashMap<>();

    Bucket(final String name)
    {
        this.name = name;
    }

    void add(final ObjectEntry entry)
    {
        entryByName.put(entry.name, entry);
    }

    void remove(final ObjectEntry entry)
    {
        entryByName.remove(entry.name, entry);
    }

    /** True if no object is named in the bucket, counting unsealed ones. */
    boolean isEmpty()
    {
        return entryByName.isEmpty();
    }

    /** The sealed objects, sorted by name. */
    List<ObjectInfo> enumerate()
    {
        final List<ObjectInfo> infos = new ArrayList<>(entryByName.size());
        for (final ObjectEntry entry : entryByName.values())
        {
            if (ObjectEntry.State.SEALED == entry.state)
            {
                infos.add(entry.location().info());
            }
        }
        infos.sort(BY_NAME);

        return infos;
    }
}
