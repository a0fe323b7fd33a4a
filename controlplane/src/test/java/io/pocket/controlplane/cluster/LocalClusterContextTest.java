package io.pocket.controlplane.cluster;

import io.pocket.client.InvalidArgumentException;
import io.pocket.controlplane.controller.ControllerContext;
import io.pocket.controlplane.metadata.MetadataServerContext;
import io.pocket.dataplane.DeviceSpec;
import io.pocket.dataplane.StorageServerContext;
import io.pocket.dataplane.io.IoEngineKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalClusterContextTest
{
    @Test
    void componentsReadTheirOwnKeys()
    {
        final Properties properties = new Properties();
        properties.setProperty(StorageServerContext.NVME_PROP_NAME, "/data/pocket.nvme:4g");
        properties.setProperty(StorageServerContext.NVME_KEEP_PROP_NAME, "true");
        properties.setProperty(StorageServerContext.PRETOUCH_PROP_NAME, "false");
        properties.setProperty(StorageServerContext.DISK_PROP_NAME, "/data/pocket.disk:1g");
        properties.setProperty(StorageServerContext.IO_ENGINE_PROP_NAME, "posix");
        properties.setProperty(ControllerContext.LOST_RETENTION_MS_PROP_NAME, "1234");
        properties.setProperty(MetadataServerContext.INLINE_MAX_BYTES_PROP_NAME, "0");
        properties.setProperty(LocalClusterContext.STORAGE_SERVERS_PROP_NAME, "3");
        final LocalClusterContext ctx = LocalClusterContext.fromProperties(properties).conclude();

        assertEquals(new DeviceSpec(Path.of("/data/pocket.nvme"), 4L << 30), ctx.nvme());
        assertEquals(new DeviceSpec(Path.of("/data/pocket.disk"), 1L << 30), ctx.disk());
        assertTrue(ctx.storage().nvmeKeep());
        assertFalse(ctx.storage().pretouch());
        assertFalse(ctx.storage().nvmeSqpoll());
        assertEquals(IoEngineKind.POSIX, ctx.storage().ioEngine());
        assertEquals(1234, ctx.controller().lostRetentionMs());
        assertEquals(0, ctx.metadata().inlineMaxBytes());
        assertEquals(3, ctx.storageServers());
        final Properties back = new Properties();
        back.putAll(ctx.toProperties());
        assertEquals(ctx.toProperties(), LocalClusterContext.fromProperties(back).toProperties());
    }

    @Test
    void defaultsWithoutDeviceTiers()
    {
        final LocalClusterContext ctx = new LocalClusterContext().conclude();
        assertNull(ctx.nvme());
        assertNull(ctx.disk());
        assertEquals(IoEngineKind.AUTO, ctx.storage().ioEngine());
        assertTrue(ctx.storage().pretouch(), "local clusters pre-touch their arenas unless told not to");
        assertEquals(0, ctx.controller().port(), "an embedded cluster takes free ports");
        assertEquals(0, ctx.metadata().port());
        assertEquals(LocalClusterContext.LOOPBACK, ctx.storage().bindHost());
        assertNull(ctx.deviceOfServer(ctx.nvme(), 1));
    }

    @Test
    void unknownKeysAndMismatchedBlockSizesAreRefused()
    {
        final Properties old = new Properties();
        old.setProperty("pocket.local.dram", "1g");
        assertMessage("pocket.local.dram: unknown option", () -> LocalClusterContext.fromProperties(old));
        final Properties blocks = new Properties();
        blocks.setProperty(StorageServerContext.BLOCK_SIZE_PROP_NAME, "128k");
        assertMessage("pocket.metadata.blockSize: must equal pocket.storage.blockSize (128k)",
            () -> LocalClusterContext.fromProperties(blocks).conclude());
        assertEquals(128 << 10, new LocalClusterContext().blockSize(128 << 10).conclude().metadata().blockSize());
        final LocalClusterContext fixedPorts = new LocalClusterContext();
        fixedPorts.storage().port(5000);
        assertEquals(5001, fixedPorts.portOfServer(1), "storage servers of a fixed port take the ones after it");
        assertEquals(0, new LocalClusterContext().portOfServer(1));
    }

    @Test
    void eachStorageServerGetsItsOwnFile()
    {
        final DeviceSpec nvme = new DeviceSpec(Path.of("/data/n"), 1L << 20);
        final LocalClusterContext two = new LocalClusterContext().storageServers(2).nvme(nvme);
        assertEquals(Path.of("/data/n.0"), two.deviceOfServer(nvme, 0).path());
        assertEquals(Path.of("/data/n.1"), two.deviceOfServer(nvme, 1).path());
        assertEquals(1L << 20, two.deviceOfServer(nvme, 1).size());

        final LocalClusterContext one = new LocalClusterContext().storageServers(1).nvme(nvme);
        assertEquals(nvme, one.deviceOfServer(nvme, 0), "the only server uses the path itself");
        assertEquals(Path.of("/data/n.1"), one.deviceOfServer(nvme, 1).path(), "a server added later");
    }

    @Test
    void invalidDeviceOptionsNameTheirProperty()
    {
        assertMessage("pocket.storage.nvme: must be PATH:SIZE", () -> new LocalClusterContext().nvme("nosize"));
        assertMessage("pocket.storage.nvme: size must be at least one block",
            () -> new LocalClusterContext().nvme("/data/n:1k").conclude());
        assertMessage("pocket.storage.disk: must not be the NVMe tier's file",
            () -> new LocalClusterContext().nvme("/data/n:1m").disk("/data/n:2m").conclude());
        assertMessage("pocket.storage.ioEngine: must be io_uring, posix or auto",
            () -> new LocalClusterContext().ioEngine("spdk"));
        final Properties properties = new Properties();
        properties.setProperty(StorageServerContext.DISK_PROP_NAME, "/x:");
        assertMessage("pocket.storage.disk: must be PATH:SIZE", () -> LocalClusterContext.fromProperties(properties));
    }

    @Test
    void noDramOnlyWithAnotherTier()
    {
        assertEquals(0, new LocalClusterContext().dram(0).nvme("/data/n:1m").conclude().dram());
        assertMessage("pocket.storage.dram: must be at least one block", () -> new LocalClusterContext().dram(0).conclude());
        assertMessage("pocket.storage.dram: must be at least one block (64k) or 0 (no DRAM tier)",
            () -> new LocalClusterContext().dram(1024).disk("/data/d:1m").conclude());
    }

    private static void assertMessage(final String prefix, final org.junit.jupiter.api.function.Executable call)
    {
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, call);
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
    }
}
