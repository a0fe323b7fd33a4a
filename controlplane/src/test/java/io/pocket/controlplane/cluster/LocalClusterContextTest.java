package io.pocket.controlplane.cluster;

import io.pocket.client.InvalidArgumentException;
import io.pocket.dataplane.DeviceSpec;
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
    void deviceTiersFromProperties()
    {
        final Properties properties = new Properties();
        properties.setProperty(LocalClusterContext.NVME_PROP, "/data/pocket.nvme:4g");
        properties.setProperty(LocalClusterContext.NVME_KEEP_PROP, "true");
        properties.setProperty(LocalClusterContext.PRETOUCH_PROP, "false");
        properties.setProperty(LocalClusterContext.DISK_PROP, "/data/pocket.disk:1g");
        properties.setProperty(LocalClusterContext.IO_ENGINE_PROP, "posix");
        properties.setProperty(LocalClusterContext.STORAGE_SERVERS_PROP, "3");
        final LocalClusterContext ctx = LocalClusterContext.fromProperties(properties).conclude();

        assertEquals(new DeviceSpec(Path.of("/data/pocket.nvme"), 4L << 30), ctx.nvme());
        assertEquals(new DeviceSpec(Path.of("/data/pocket.disk"), 1L << 30), ctx.disk());
        assertTrue(ctx.nvmeKeep());
        assertFalse(ctx.pretouch());
        assertFalse(ctx.nvmeSqpoll());
        assertEquals(IoEngineKind.POSIX, ctx.ioEngine());
        assertEquals(3, ctx.storageServers());
    }

    @Test
    void defaultsWithoutDeviceTiers()
    {
        final LocalClusterContext ctx = new LocalClusterContext().conclude();
        assertNull(ctx.nvme());
        assertNull(ctx.disk());
        assertEquals(IoEngineKind.AUTO, ctx.ioEngine());
        assertTrue(ctx.pretouch(), "local clusters pre-touch their arenas unless told not to");
        assertNull(ctx.deviceOfServer(ctx.nvme(), 1));
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
        assertMessage("pocket.local.nvme: must be PATH:SIZE", () -> new LocalClusterContext().nvme("nosize"));
        assertMessage("pocket.local.nvme: must hold at least one block",
            () -> new LocalClusterContext().nvme("/data/n:1k").conclude());
        assertMessage("pocket.local.disk: must be another file than pocket.local.nvme",
            () -> new LocalClusterContext().nvme("/data/n:1m").disk("/data/n:2m").conclude());
        assertMessage("pocket.local.ioEngine: io engine must be io_uring, posix or auto",
            () -> new LocalClusterContext().ioEngine("spdk"));
        final Properties properties = new Properties();
        properties.setProperty(LocalClusterContext.DISK_PROP, "/x:");
        assertMessage("pocket.local.disk: must be PATH:SIZE", () -> LocalClusterContext.fromProperties(properties));
    }

    @Test
    void noDramOnlyWithAnotherTier()
    {
        assertEquals(0, new LocalClusterContext().dram(0).nvme("/data/n:1m").conclude().dram());
        assertMessage("pocket.local.dram: must hold at least one block", () -> new LocalClusterContext().dram(0).conclude());
        assertMessage("pocket.local.dram: must be 0 (no DRAM tier) or hold at least one block",
            () -> new LocalClusterContext().dram(1024).disk("/data/d:1m").conclude());
    }

    private static void assertMessage(final String prefix, final org.junit.jupiter.api.function.Executable call)
    {
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, call);
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
    }
}
