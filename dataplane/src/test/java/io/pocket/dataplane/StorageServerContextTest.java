package io.pocket.dataplane;

import io.pocket.client.InvalidArgumentException;
import io.pocket.dataplane.ControllerLink.PendingOffer;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageServerContextTest
{
    @Test
    void shouldHaveDefaults()
    {
        final StorageServerContext ctx = new StorageServerContext().conclude();
        assertNull(ctx.controller());
        assertEquals("0.0.0.0", ctx.bindHost());
        assertEquals(0, ctx.port());
        assertEquals("127.0.0.1", ctx.advertiseHost());
        assertEquals(1L << 30, ctx.dram());
        assertEquals(64 * 1024, ctx.blockSize());
        assertEquals(16384, ctx.blockCount());
        assertEquals(64 * 1024 + 4096, ctx.maxFrameLength());
        assertTrue(ctx.alwaysOn());
        assertEquals(Transport.Kind.AUTO, ctx.transport());
        assertTrue(ctx.ioThreads() >= 1 && ctx.ioThreads() <= 2);
        assertEquals(0, ctx.heartbeatIntervalMs());
        assertFalse(ctx.pretouch());
        assertEquals(30_000, ctx.registerTimeoutMs());
        assertEquals(0, ctx.serverId());
    }

    @Test
    void shouldReadProperties()
    {
        final Properties properties = new Properties();
        properties.setProperty(StorageServerContext.CONTROLLER_PROP_NAME, "ctl.example:4321");
        properties.setProperty(StorageServerContext.BIND_HOST_PROP_NAME, "127.0.0.1");
        properties.setProperty(StorageServerContext.PORT_PROP_NAME, "5555");
        properties.setProperty(StorageServerContext.ADVERTISE_HOST_PROP_NAME, "storage-1");
        properties.setProperty(StorageServerContext.DRAM_PROP_NAME, "4g");
        properties.setProperty(StorageServerContext.BLOCK_SIZE_PROP_NAME, "1m");
        properties.setProperty(StorageServerContext.ALWAYS_ON_PROP_NAME, "false");
        properties.setProperty(StorageServerContext.TRANSPORT_PROP_NAME, "nio");
        properties.setProperty(StorageServerContext.IO_THREADS_PROP_NAME, "3");
        properties.setProperty(StorageServerContext.HEARTBEAT_INTERVAL_MS_PROP_NAME, "250");
        properties.setProperty(StorageServerContext.PRETOUCH_PROP_NAME, "true");
        properties.setProperty(StorageServerContext.REGISTER_TIMEOUT_MS_PROP_NAME, "1000");
        properties.setProperty(StorageServerContext.SERVER_ID_PROP_NAME, "12");
        properties.setProperty("pocket.controller.port", "1");

        final StorageServerContext ctx = StorageServerContext.fromProperties(properties).conclude();
        assertEquals("ctl.example:4321", ctx.controller());
        assertEquals("127.0.0.1", ctx.bindHost());
        assertEquals(5555, ctx.port());
        assertEquals("storage-1", ctx.advertiseHost());
        assertEquals(4L << 30, ctx.dram());
        assertEquals(1 << 20, ctx.blockSize());
        assertFalse(ctx.alwaysOn());
        assertEquals(Transport.Kind.NIO, ctx.transport());
        assertEquals(3, ctx.ioThreads());
        assertEquals(250, ctx.heartbeatIntervalMs());
        assertTrue(ctx.pretouch());
        assertEquals(1000, ctx.registerTimeoutMs());
        assertEquals(12, ctx.serverId());
    }

    @Test
    void shouldRejectInvalidOptionsNamingTheProperty()
    {
        assertRejected(StorageServerContext.BLOCK_SIZE_PROP_NAME, () -> new StorageServerContext().blockSize("3k"));
        assertRejected(StorageServerContext.BLOCK_SIZE_PROP_NAME, () -> new StorageServerContext().blockSize("2m"));
        assertRejected(StorageServerContext.BLOCK_SIZE_PROP_NAME, () -> new StorageServerContext().blockSize("lots"));
        assertRejected("pocket.storage.dram: must be at least one block (64k), got 1k",
            () -> new StorageServerContext().dram("1k"));
        assertRejected(StorageServerContext.DRAM_PROP_NAME, () -> new StorageServerContext().dram("99999999t"));
        assertRejected(StorageServerContext.PORT_PROP_NAME, () -> new StorageServerContext().port(70000));
        assertRejected(StorageServerContext.CONTROLLER_PROP_NAME, () -> new StorageServerContext().controller("nohost"));
        assertRejected(StorageServerContext.TRANSPORT_PROP_NAME, () -> new StorageServerContext().transport("rdma"));
        assertRejected(StorageServerContext.IO_THREADS_PROP_NAME, () -> new StorageServerContext().ioThreads(0));
        assertRejected(StorageServerContext.HEARTBEAT_INTERVAL_MS_PROP_NAME,
            () -> new StorageServerContext().heartbeatIntervalMs(-1));
        assertRejected(StorageServerContext.ADVERTISE_HOST_PROP_NAME, () -> new StorageServerContext().advertiseHost(""));

        final Properties typo = new Properties();
        typo.setProperty("pocket.storage.dramm", "1g");
        assertRejected("pocket.storage.dramm: unknown option", () -> StorageServerContext.fromProperties(typo));
        final Properties notANumber = new Properties();
        notANumber.setProperty(StorageServerContext.PORT_PROP_NAME, "eighty");
        assertRejected(StorageServerContext.PORT_PROP_NAME, () -> StorageServerContext.fromProperties(notANumber));
        final Properties notABoolean = new Properties();
        notABoolean.setProperty(StorageServerContext.ALWAYS_ON_PROP_NAME, "yes");
        assertRejected(StorageServerContext.ALWAYS_ON_PROP_NAME, () -> StorageServerContext.fromProperties(notABoolean));
    }

    @Test
    void shouldReadBackEveryOptionItLists()
    {
        final StorageServerContext ctx = new StorageServerContext().controller("ctl:4321").port(4400).dram("3m")
            .blockSize("128k").alwaysOn(false).transport("nio").ioThreads(1).pretouch(true).serverId(7)
            .nvme("/data/n:5m").nvmeKeep(true).disk("/data/d:6m").ioEngine("posix").conclude();
        assertEquals(StorageServerContext.KNOWN_PROPS, ctx.toProperties().keySet());
        assertEquals(ctx.toProperties(), ctx.copy().toProperties());
        assertEquals("3m", ctx.toProperties().get(StorageServerContext.DRAM_PROP_NAME));
        assertEquals("/data/n:5m", ctx.toProperties().get(StorageServerContext.NVME_PROP_NAME));
        assertEquals(null, new StorageServerContext().copy().controller(), "no controller reads back as none");
    }

    @Test
    void shouldHaveDeviceTierDefaultsAndReadTheirProperties()
    {
        final StorageServerContext defaults = new StorageServerContext().conclude();
        assertNull(defaults.nvme());
        assertNull(defaults.disk());
        assertFalse(defaults.nvmeKeep());
        assertFalse(defaults.nvmeSqpoll());
        assertEquals(32, defaults.nvmeQueueDepth());
        assertEquals(8, defaults.diskQueueDepth());
        assertEquals(IoEngineKind.AUTO, defaults.ioEngine());

        final Properties properties = new Properties();
        properties.setProperty(StorageServerContext.NVME_PROP_NAME, "/data/with:colon/p.nvme:4g");
        properties.setProperty(StorageServerContext.NVME_KEEP_PROP_NAME, "true");
        properties.setProperty(StorageServerContext.NVME_SQPOLL_PROP_NAME, "true");
        properties.setProperty(StorageServerContext.NVME_QUEUE_DEPTH_PROP_NAME, "64");
        properties.setProperty(StorageServerContext.DISK_PROP_NAME, "/disk/p.disk:1t");
        properties.setProperty(StorageServerContext.DISK_QUEUE_DEPTH_PROP_NAME, "4");
        properties.setProperty(StorageServerContext.IO_ENGINE_PROP_NAME, "posix");
        properties.setProperty(StorageServerContext.DRAM_PROP_NAME, "0");
        final StorageServerContext ctx = StorageServerContext.fromProperties(properties).conclude();
        assertEquals(Path.of("/data/with:colon/p.nvme"), ctx.nvme().path());
        assertEquals(4L << 30, ctx.nvme().size());
        assertTrue(ctx.nvmeKeep());
        assertTrue(ctx.nvmeSqpoll());
        assertEquals(64, ctx.nvmeQueueDepth());
        assertEquals(Path.of("/disk/p.disk"), ctx.disk().path());
        assertEquals(1L << 40, ctx.disk().size());
        assertEquals(4, ctx.diskQueueDepth());
        assertEquals(IoEngineKind.POSIX, ctx.ioEngine());
        assertEquals(0, ctx.dram());
        assertNull(new StorageServerContext().nvme("").nvme());
    }

    @Test
    void shouldRejectInvalidDeviceTierOptionsNamingTheProperty()
    {
        assertRejected(StorageServerContext.NVME_PROP_NAME + ": must be PATH:SIZE",
            () -> new StorageServerContext().nvme("/data/p.nvme"));
        assertRejected(StorageServerContext.NVME_PROP_NAME, () -> new StorageServerContext().nvme("/data/p.nvme:lots"));
        assertRejected(StorageServerContext.NVME_PROP_NAME + ": size must be at least one block (64k), got 4k",
            () -> new StorageServerContext().nvme("/data/p.nvme:4k"));
        assertRejected(StorageServerContext.DISK_PROP_NAME, () -> new StorageServerContext().disk(":4g"));
        assertRejected(StorageServerContext.DISK_PROP_NAME + ": must not be the NVMe tier's file",
            () -> new StorageServerContext().nvme("/d/x:1g").disk("/d/../d/x:1g"));
        assertRejected(StorageServerContext.NVME_QUEUE_DEPTH_PROP_NAME,
            () -> new StorageServerContext().nvmeQueueDepth(0));
        assertRejected(StorageServerContext.DISK_QUEUE_DEPTH_PROP_NAME,
            () -> new StorageServerContext().diskQueueDepth(5000));
        assertRejected(StorageServerContext.IO_ENGINE_PROP_NAME + ": must be io_uring, posix or auto, got 'spdk'",
            () -> new StorageServerContext().ioEngine("spdk"));
        assertRejected("pocket.storage.dram: must be at least one block (64k), got 0",
            () -> new StorageServerContext().dram(0));
        assertEquals(0, new StorageServerContext().dram(0).disk("/d/x:1g").conclude().dram());
        final Properties keep = new Properties();
        keep.setProperty(StorageServerContext.NVME_KEEP_PROP_NAME, "sure");
        assertRejected(StorageServerContext.NVME_KEEP_PROP_NAME, () -> StorageServerContext.fromProperties(keep));
    }

    @Test
    void shouldSplitOffersIntoContiguousShares()
    {
        final TierCapacity tier = new TierCapacity(0, 4096, 10);
        final List<PendingOffer> offers =
            ControllerLink.splitOffers(List.of("m1:1", "m2:1", "m3:1"), 4, "h", 9, true, tier);
        assertEquals(3, offers.size());
        assertEquals(0, offers.get(0).offer().firstBlockId());
        assertEquals(4, offers.get(0).offer().blockCount());
        assertEquals(4, offers.get(1).offer().firstBlockId());
        assertEquals(3, offers.get(1).offer().blockCount());
        assertEquals(7, offers.get(2).offer().firstBlockId());
        assertEquals(3, offers.get(2).offer().blockCount());
        assertEquals("m3:1", offers.get(2).metadataAddress());
        assertEquals(4, offers.get(2).offer().serverId());

        final List<PendingOffer> few = ControllerLink.splitOffers(List.of("a:1", "b:1", "c:1"), 1, "h", 9, false,
            new TierCapacity(0, 4096, 2));
        assertEquals(2, few.size());
        assertEquals(1, few.get(1).offer().firstBlockId());
    }

    private static void assertRejected(final String messageStart, final Supplier<StorageServerContext> build)
    {
        final InvalidArgumentException ex =
            assertThrows(InvalidArgumentException.class, () -> build.get().conclude());
        assertTrue(ex.getMessage().startsWith(messageStart), ex.getMessage());
    }
}
