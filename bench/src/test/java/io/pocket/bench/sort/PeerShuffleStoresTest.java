package io.pocket.bench.sort;

import io.pocket.bench.peers.PeerServer;
import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sort's shuffle through a real Redis and a real memcached, on small data. */
class PeerShuffleStoresTest
{
    private static final SortJob.Config SMALL = SortJob.Config.of(4 << 20, 4, 3);

    @Test
    void sortsThroughRedis() throws Exception
    {
        try (PeerServer redis = PeerServer.redis("64mb");
            RedisShuffleStore store = new RedisShuffleStore(redis.address(), 4, "sort/"))
        {
            final SortPeersResult result = SortPeersCommand.run(SMALL, store);
            assertTrue(result.sort().ok(), result.sort().report());
            assertEquals("redis", result.sort().store());
            assertTrue(result.writeSeconds() > 0 && result.readSeconds() > 0);
            assertTrue(result.csvRow().startsWith("redis,4194300,4,3,"), result.csvRow());
            assertThrows(IllegalStateException.class, () -> store.getAndDelete(SortJob.partitionKey(0, 0)),
                "GETDEL removed every partition");
        }
    }

    @Test
    void sortsThroughMemcached() throws Exception
    {
        try (PeerServer memcached = PeerServer.memcached(64);
            MemcachedShuffleStore store = new MemcachedShuffleStore(memcached.address(), 2, 32L << 20, "sort/"))
        {
            final SortPeersResult result = SortPeersCommand.run(SMALL, store);
            assertTrue(result.sort().ok(), result.sort().report());
            assertEquals("memcached", result.sort().store());
            assertThrows(IllegalStateException.class, () -> store.getAndDelete(SortJob.partitionKey(1, 2)),
                "every partition was deleted after its read");
        }
    }

    @Test
    void memcachedRefusesPartitionsAboveItsItemLimit() throws Exception
    {
        try (PeerServer memcached = PeerServer.memcached(64);
            MemcachedShuffleStore store = new MemcachedShuffleStore(memcached.address(), 1, 1L << 20, "sort/"))
        {
            final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
                () -> store.put("big", ByteBuffer.allocate(1 << 20)));
            assertTrue(ex.getMessage().contains("exceeds the item limit 1m (-I)"), ex.getMessage());
        }
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
            () -> SortPeersCommand.checkPartitionsFit(SortJob.Config.of(1L << 30, 4, 4), 32L << 20));
        assertTrue(ex.getMessage().startsWith("--memcached-item-max: partitions of about 64m"), ex.getMessage());
        SortPeersCommand.checkPartitionsFit(SortJob.Config.of(1L << 30, 16, 16), 32L << 20);
    }
}
