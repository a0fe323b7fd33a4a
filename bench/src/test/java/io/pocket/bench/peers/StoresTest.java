package io.pocket.bench.peers;

import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every {@link Store} against its real server: put, get, delete, a 16 MiB value, a missing key. */
class StoresTest
{
    private static PeerServer redis;
    private static PeerServer memcached;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception
    {
        redis = PeerServer.redis("256mb");
        memcached = PeerServer.memcached(256);
        cluster = LocalCluster.start(new LocalClusterContext().storageServers(2).dram(64L << 20));
    }

    @AfterAll
    static void stop() throws Exception
    {
        if (cluster != null)
        {
            cluster.close();
        }
        if (memcached != null)
        {
            memcached.close();
        }
        if (redis != null)
        {
            redis.close();
        }
    }

    @Test
    void redisPutsGetsAndDeletes()
    {
        try (StoreProvider provider = new RedisStoreProvider(redis.address()))
        {
            exercise(provider);
        }
    }

    @Test
    void memcachedPutsGetsAndDeletes()
    {
        try (StoreProvider provider = new MemcachedStoreProvider(memcached.address(), 2, 16 << 20))
        {
            exercise(provider);
        }
    }

    @Test
    void pocketPutsGetsAndDeletes()
    {
        try (StoreProvider provider = new PocketStoreProvider(cluster.controllerAddress(), 2))
        {
            exercise(provider);
        }
    }

    private static void exercise(final StoreProvider provider)
    {
        for (final int size : List.of(16, 1024, 64 << 10, 16 << 20))
        {
            final ValueStamp values = new ValueStamp(size);
            final byte[] value = values.newValue();
            ValueStamp.stamp(value, ValueStamp.stampOf(7));
            try (Store store = provider.open(size))
            {
                final String key = "k-" + size;
                store.put(key, value, value.length);
                final ByteBuffer got = store.get(key);
                assertNotNull(got, provider.system() + " " + size);
                assertEquals(size, got.remaining());
                assertNull(values.check(got, ValueStamp.stampOf(7), true), provider.system() + " " + size);
                assertTrue(values.check(got, ValueStamp.stampOf(8), false) != null, "another key's stamp is noticed");
                assertTrue(store.delete(key));
                assertFalse(store.delete(key));
                assertNull(store.get(key), provider.system() + ": deleted key is gone");
            }
        }
    }
}
