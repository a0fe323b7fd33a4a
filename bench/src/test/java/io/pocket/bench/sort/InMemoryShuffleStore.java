package io.pocket.bench.sort;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A shuffle store in a concurrent map, for tests: write-once keys, read-once values. */
class InMemoryShuffleStore implements ShuffleStore
{
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public String name()
    {
        return "memory";
    }

    @Override
    public void put(final String key, final ByteBuffer data)
    {
        final byte[] copy = new byte[data.remaining()];
        data.get(data.position(), copy);
        if (objects.putIfAbsent(key, copy) != null)
        {
            throw new IllegalStateException("object exists: " + key);
        }
    }

    @Override
    public ByteBuffer getAndDelete(final String key)
    {
        final byte[] data = objects.remove(key);
        if (data == null)
        {
            throw new IllegalStateException("no such object: " + key);
        }
        return ByteBuffer.wrap(data);
    }

    @Override
    public void close()
    {
        objects.clear();
    }

    int size()
    {
        return objects.size();
    }
}
