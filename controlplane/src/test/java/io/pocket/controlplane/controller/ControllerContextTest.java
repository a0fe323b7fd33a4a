package io.pocket.controlplane.controller;

import io.pocket.client.InvalidArgumentException;
import io.pocket.transport.Transport;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerContextTest
{
    @Test
    void defaults()
    {
        final ControllerContext ctx = new ControllerContext().conclude();
        assertEquals("0.0.0.0", ctx.host());
        assertEquals(4321, ctx.port());
        assertEquals(1000, ctx.heartbeatIntervalMs());
        assertEquals(3000, ctx.lostAfterMs());
        assertEquals(250, ctx.livenessCheckPeriodMs());
        assertEquals(Transport.Kind.AUTO, ctx.transport());
        assertEquals(1, ctx.ioThreads());
        assertEquals(10_000, ctx.requestTimeoutMs());
        assertEquals(1 << 20, ctx.maxFrameLength());
    }

    @Test
    void readsProperties()
    {
        final Properties p = new Properties();
        p.setProperty(ControllerContext.HOST_PROP_NAME, "127.0.0.1");
        p.setProperty(ControllerContext.PORT_PROP_NAME, "0");
        p.setProperty(ControllerContext.HEARTBEAT_INTERVAL_MS_PROP_NAME, "200");
        p.setProperty(ControllerContext.LOST_AFTER_MS_PROP_NAME, "700");
        p.setProperty(ControllerContext.LIVENESS_CHECK_PERIOD_MS_PROP_NAME, "50");
        p.setProperty(ControllerContext.TRANSPORT_PROP_NAME, "nio");
        p.setProperty(ControllerContext.IO_THREADS_PROP_NAME, "2");
        p.setProperty(ControllerContext.REQUEST_TIMEOUT_MS_PROP_NAME, "1500");
        p.setProperty(ControllerContext.MAX_FRAME_LENGTH_PROP_NAME, "64k");
        final ControllerContext ctx = ControllerContext.fromProperties(p).conclude();
        assertEquals("127.0.0.1", ctx.host());
        assertEquals(0, ctx.port());
        assertEquals(200, ctx.heartbeatIntervalMs());
        assertEquals(700, ctx.lostAfterMs());
        assertEquals(50, ctx.livenessCheckPeriodMs());
        assertEquals(Transport.Kind.NIO, ctx.transport());
        assertEquals(2, ctx.ioThreads());
        assertEquals(1500, ctx.requestTimeoutMs());
        assertEquals(64 * 1024, ctx.maxFrameLength());
    }

    @Test
    void errorsNameTheProperty()
    {
        assertStartsWith(ControllerContext.LOST_AFTER_MS_PROP_NAME,
            () -> new ControllerContext().lostAfterMs(1000).conclude());
        assertStartsWith(ControllerContext.PORT_PROP_NAME, () -> new ControllerContext().port(70000).conclude());
        assertStartsWith(ControllerContext.IO_THREADS_PROP_NAME, () -> new ControllerContext().ioThreads(0).conclude());
        assertStartsWith(ControllerContext.HOST_PROP_NAME, () -> new ControllerContext().host(" ").conclude());
        assertStartsWith(ControllerContext.REQUEST_TIMEOUT_MS_PROP_NAME,
            () -> new ControllerContext().requestTimeoutMs(0).conclude());
        final Properties p = new Properties();
        p.setProperty(ControllerContext.PORT_PROP_NAME, "http");
        assertStartsWith(ControllerContext.PORT_PROP_NAME, () -> ControllerContext.fromProperties(p));
        p.clear();
        p.setProperty(ControllerContext.TRANSPORT_PROP_NAME, "rdma");
        assertStartsWith(ControllerContext.TRANSPORT_PROP_NAME, () -> ControllerContext.fromProperties(p));
    }

    private static void assertStartsWith(final String prop, final Runnable action)
    {
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, action::run);
        assertTrue(ex.getMessage().startsWith(prop + ": "), ex.getMessage());
    }
}
