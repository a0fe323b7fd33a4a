package io.pocket.client;

import io.pocket.transport.Transport;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientContextTest
{
    @Test
    void defaultsAreValid()
    {
        final ClientContext ctx = new ClientContext(name -> null).conclude();
        assertEquals(Transport.Kind.AUTO, ctx.transport());
        assertEquals(1, ctx.ioThreads());
        assertEquals(5000, ctx.connectTimeoutMs());
        assertEquals(30000, ctx.requestTimeoutMs());
        assertEquals(16, ctx.writeWindow());
        assertEquals(16, ctx.allocateAhead());
        assertEquals(16, ctx.readWindow());
        assertEquals(17 << 20, ctx.maxFrameLength());
        assertEquals(64, ctx.idleConnections());
        assertEquals(50, ctx.busyPollMicros());
        assertEquals(1, ctx.busyPollers());
        assertEquals(1, ctx.busyPollMaxCalls());
        assertEquals(4096, ctx.inlineMaxBytes());
        assertEquals("localhost:4321", ctx.controller());
    }

    @Test
    void controllerComesFromTheEnvironment()
    {
        assertEquals("pocket-ctl:9000", new ClientContext(name ->
            ClientContext.CONTROLLER_ENV.equals(name) ? " pocket-ctl:9000 " : null).controller());
        assertEquals("localhost:4321", new ClientContext(name -> "  ").controller());
    }

    @Test
    void readsEveryProperty()
    {
        final Properties p = new Properties();
        p.setProperty(ClientContext.TRANSPORT_PROP_NAME, "nio");
        p.setProperty(ClientContext.IO_THREADS_PROP_NAME, "3");
        p.setProperty(ClientContext.CONNECT_TIMEOUT_MS_PROP_NAME, "1500");
        p.setProperty(ClientContext.REQUEST_TIMEOUT_MS_PROP_NAME, "2500");
        p.setProperty(ClientContext.WRITE_WINDOW_PROP_NAME, "4");
        p.setProperty(ClientContext.ALLOCATE_AHEAD_PROP_NAME, "32");
        p.setProperty(ClientContext.READ_WINDOW_PROP_NAME, "2");
        p.setProperty(ClientContext.MAX_FRAME_LENGTH_PROP_NAME, "33m");
        p.setProperty(ClientContext.IDLE_CONNECTIONS_PROP_NAME, "5");
        p.setProperty(ClientContext.IDLE_CHECK_MS_PROP_NAME, "7");
        p.setProperty(ClientContext.UNAVAILABLE_WAIT_MS_PROP_NAME, "250");
        p.setProperty(ClientContext.BUSY_POLL_US_PROP_NAME, "40");
        p.setProperty(ClientContext.BUSY_POLLERS_PROP_NAME, "2");
        p.setProperty(ClientContext.BUSY_POLL_MAX_CALLS_PROP_NAME, "0");
        p.setProperty(ClientContext.CONTROLLER_PROP_NAME, "ctl:1234");
        p.setProperty(ClientContext.INLINE_MAX_BYTES_PROP_NAME, "1000");
        final ClientContext ctx = ClientContext.fromProperties(p).conclude();
        assertEquals(Transport.Kind.NIO, ctx.transport());
        assertEquals(3, ctx.ioThreads());
        assertEquals(1500, ctx.connectTimeoutMs());
        assertEquals(2500, ctx.requestTimeoutMs());
        assertEquals(4, ctx.writeWindow());
        assertEquals(32, ctx.allocateAhead());
        assertEquals(2, ctx.readWindow());
        assertEquals(33 << 20, ctx.maxFrameLength());
        assertEquals(5, ctx.idleConnections());
        assertEquals(7, ctx.idleCheckMs());
        assertEquals(250, ctx.unavailableWaitMs());
        assertEquals(40, ctx.busyPollMicros());
        assertEquals(2, ctx.busyPollers());
        assertEquals(0, ctx.busyPollMaxCalls());
        assertEquals("ctl:1234", ctx.controller());
        assertEquals(1000, ctx.inlineMaxBytes());
        assertEquals(ctx.toString(), ctx.copy().toString());
        final Properties back = new Properties();
        back.putAll(ctx.toProperties());
        assertEquals(ctx.toProperties(), ClientContext.fromProperties(back).toProperties(), "toProperties reads back");
        assertEquals(ClientContext.KNOWN_PROPS, ctx.toProperties().keySet());
    }

    @Test
    void unknownKeysAreRefusedNamingTheKey()
    {
        final Properties old = new Properties();
        old.setProperty("pocket.client.inline.max.bytes", "0");
        final InvalidArgumentException ex =
            assertThrows(InvalidArgumentException.class, () -> ClientContext.fromProperties(old));
        assertEquals("pocket.client.inline.max.bytes: unknown option; did you mean pocket.client.inlineMaxBytes?",
            ex.getMessage());
        final Properties typo = new Properties();
        typo.setProperty("pocket.client.readWindw", "4");
        assertEquals("pocket.client.readWindw: unknown option; did you mean pocket.client.readWindow?",
            assertThrows(InvalidArgumentException.class, () -> ClientContext.fromProperties(typo)).getMessage());
        final Properties other = new Properties();
        other.setProperty("pocket.storage.dram", "1g");
        other.setProperty("pocket.client.nonsense", "1");
        assertEquals("pocket.client.nonsense: unknown option",
            assertThrows(InvalidArgumentException.class, () -> ClientContext.fromProperties(other)).getMessage());
    }

    @Test
    void eachBadValueNamesItsProperty()
    {
        assertBad(ClientContext.IO_THREADS_PROP_NAME, new ClientContext().ioThreads(0));
        assertBad(ClientContext.INLINE_MAX_BYTES_PROP_NAME, new ClientContext().inlineMaxBytes(-1));
        assertBad(ClientContext.INLINE_MAX_BYTES_PROP_NAME, new ClientContext().inlineMaxBytes((64 << 10) + 1));
        assertBad(ClientContext.CONNECT_TIMEOUT_MS_PROP_NAME, new ClientContext().connectTimeoutMs(0));
        assertBad(ClientContext.REQUEST_TIMEOUT_MS_PROP_NAME, new ClientContext().requestTimeoutMs(-5));
        assertBad(ClientContext.WRITE_WINDOW_PROP_NAME, new ClientContext().writeWindow(0));
        assertBad(ClientContext.WRITE_WINDOW_PROP_NAME, new ClientContext().writeWindow(100_000));
        assertBad(ClientContext.ALLOCATE_AHEAD_PROP_NAME, new ClientContext().allocateAhead(0));
        assertBad(ClientContext.READ_WINDOW_PROP_NAME, new ClientContext().readWindow(0));
        assertBad(ClientContext.MAX_FRAME_LENGTH_PROP_NAME, new ClientContext().maxFrameLength(1024));
        assertBad(ClientContext.IDLE_CONNECTIONS_PROP_NAME, new ClientContext().idleConnections(-1));
        assertBad(ClientContext.IDLE_CHECK_MS_PROP_NAME, new ClientContext().idleCheckMs(-1));
        assertBad(ClientContext.UNAVAILABLE_WAIT_MS_PROP_NAME, new ClientContext().unavailableWaitMs(-1));
        assertBad(ClientContext.BUSY_POLL_US_PROP_NAME, new ClientContext().busyPollMicros(20_000));
        assertBad(ClientContext.BUSY_POLLERS_PROP_NAME, new ClientContext().busyPollers(0));
        assertBad(ClientContext.BUSY_POLL_MAX_CALLS_PROP_NAME, new ClientContext().busyPollMaxCalls(-1));
        assertBad(ClientContext.BUSY_POLL_MAX_CALLS_PROP_NAME, new ClientContext().busyPollMaxCalls(5000));
        assertBad(ClientContext.TRANSPORT_PROP_NAME, new ClientContext().transport(null));
        assertBad(ClientContext.CONTROLLER_PROP_NAME, new ClientContext().controller("no-port"));
        assertBad(ClientContext.CONTROLLER_PROP_NAME, new ClientContext().controller("host:99999"));
        assertBad(ClientContext.CONTROLLER_PROP_NAME, new ClientContext().controller(""));
    }

    @Test
    void eachUnparsablePropertyNamesItself()
    {
        assertBadProperty(ClientContext.TRANSPORT_PROP_NAME, "rdma");
        assertBadProperty(ClientContext.IO_THREADS_PROP_NAME, "two");
        assertBadProperty(ClientContext.CONNECT_TIMEOUT_MS_PROP_NAME, "5s");
        assertBadProperty(ClientContext.REQUEST_TIMEOUT_MS_PROP_NAME, "");
        assertBadProperty(ClientContext.WRITE_WINDOW_PROP_NAME, "8.5");
        assertBadProperty(ClientContext.ALLOCATE_AHEAD_PROP_NAME, "x");
        assertBadProperty(ClientContext.READ_WINDOW_PROP_NAME, "-");
        assertBadProperty(ClientContext.MAX_FRAME_LENGTH_PROP_NAME, "big");
        assertBadProperty(ClientContext.IDLE_CONNECTIONS_PROP_NAME, "many");
        assertBadProperty(ClientContext.IDLE_CHECK_MS_PROP_NAME, "1s");
        assertBadProperty(ClientContext.BUSY_POLL_US_PROP_NAME, "50us");
    }

    @Test
    void blockMustFitInAFrame()
    {
        final ClientContext ctx = new ClientContext().maxFrameLength(1 << 20).conclude();
        ctx.checkBlockFits(64 << 10);
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, () -> ctx.checkBlockFits(1 << 20));
        assertTrue(ex.getMessage().startsWith(ClientContext.MAX_FRAME_LENGTH_PROP_NAME + ": "), ex.getMessage());
    }

    private static void assertBad(final String property, final ClientContext ctx)
    {
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, ctx::conclude);
        assertTrue(ex.getMessage().startsWith(property + ": "), ex.getMessage());
    }

    private static void assertBadProperty(final String property, final String value)
    {
        final Properties p = new Properties();
        p.setProperty(property, value);
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
            () -> ClientContext.fromProperties(p).conclude());
        assertTrue(ex.getMessage().startsWith(property + ": "), ex.getMessage());
    }
}
