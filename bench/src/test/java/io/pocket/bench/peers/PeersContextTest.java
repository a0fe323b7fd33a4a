package io.pocket.bench.peers;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeersContextTest
{
    private static PeersContext addressed()
    {
        return new PeersContext().pocket("127.0.0.1:4321").redis("127.0.0.1:6379").memcached("127.0.0.1:11211");
    }

    @Test
    void defaultsAreTheFullGridAndQuickTheReducedOne()
    {
        final PeersContext full = addressed().conclude();
        assertEquals(List.of(1024L, 65536L, 1L << 20, 16L << 20), full.sizes());
        assertEquals(List.of(1, 16, 64), full.clients());
        assertEquals(List.of(PeerOp.PUT, PeerOp.GET), full.ops());
        final PeersContext quick = addressed().quick().conclude();
        assertEquals(List.of(1024L, 1L << 20), quick.sizes());
        assertEquals(List.of(1, 16), quick.clients());
        assertEquals(5_000_000_000L, quick.durationNanos());
    }

    @Test
    void readsProperties()
    {
        final Properties properties = new Properties();
        properties.setProperty(PeersContext.SYSTEMS_PROP_NAME, "redis, memcached");
        properties.setProperty(PeersContext.SIZES_PROP_NAME, "4k,64k");
        properties.setProperty(PeersContext.CLIENTS_PROP_NAME, "2");
        properties.setProperty(PeersContext.OPS_PROP_NAME, "get");
        properties.setProperty(PeersContext.DURATION_PROP_NAME, "3s");
        properties.setProperty(PeersContext.CHARTS_PROP_NAME, "");
        final PeersContext ctx = PeersContext.fromProperties(properties).redis("h:1").memcached("h:2").conclude();
        assertEquals(List.of("redis", "memcached"), ctx.systems());
        assertEquals(List.of(4096L, 65536L), ctx.sizes());
        assertEquals(List.of(2), ctx.clients());
        assertEquals(List.of(PeerOp.GET), ctx.ops());
        assertEquals(3_000_000_000L, ctx.durationNanos());
        assertEquals(null, ctx.charts());
    }

    @Test
    void errorsStartWithTheProperty()
    {
        assertStartsWith("pocket.peers.redis: must be HOST:PORT", () -> new PeersContext().pocket("h:1").conclude());
        assertStartsWith("pocket.peers.sizes: must be between 16 bytes",
            () -> addressed().sizes(List.of(8L)).conclude());
        assertStartsWith("pocket.peers.clients: must be between 1",
            () -> addressed().clients(List.of(0)).conclude());
        assertStartsWith("pocket.peers.memory: 1g is too small for 64 clients of 16m objects",
            () -> addressed().memory(1L << 30).conclude());
        assertStartsWith("pocket.peers.memcachedItemMax: 16m does not hold a 16m value",
            () -> addressed().memcachedItemMax(16L << 20).conclude());
        assertStartsWith("pocket.peers.systems: must name some of", () -> addressed().systems(List.of("mongo")).conclude());
        assertStartsWith("pocket.peers.ops: must be put or get", () -> PeersContext.fromProperties(props(
            PeersContext.OPS_PROP_NAME, "scan")));
        assertStartsWith("pocket.peers.duration: not a duration", () -> PeersContext.fromProperties(props(
            PeersContext.DURATION_PROP_NAME, "soon")));
    }

    @Test
    void objectSetsAndPendingDeletesStayWithinTheBudget()
    {
        final PeersContext ctx = addressed().conclude();
        assertEquals(1000, ctx.storedObjects(1024, 64));
        assertEquals(64, ctx.storedObjects(16L << 20, 64), "one per client even above the cap");
        assertEquals(16, ctx.storedObjects(16L << 20, 1), "256m of 16m objects");
        assertEquals(64, ctx.pendingDeletes(16L << 20, 64), "a quarter of 4g");
        assertEquals(64, ctx.pendingDeletes(1024, 1));
    }

    private static Properties props(final String key, final String value)
    {
        final Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }

    private static void assertStartsWith(final String prefix, final org.junit.jupiter.api.function.Executable call)
    {
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, call);
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
    }
}
