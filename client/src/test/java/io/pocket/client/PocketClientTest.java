package io.pocket.client;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the client decides on its own, without any server. Everything that needs a running
 * cluster is tested against the real servers in the controlplane module's system tests.
 */
class PocketClientTest
{
    @Test
    void connectingToAClosedPortFailsQuickly() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final long start = System.nanoTime();
        final ServiceUnavailableException ex = assertThrows(ServiceUnavailableException.class,
            () -> PocketClient.connect("127.0.0.1:" + port));
        final long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 3000, "took " + ms + " ms");
        assertTrue(ex.getMessage().contains("127.0.0.1:" + port), ex.getMessage());
    }

    @Test
    void rejectsBadAddressesAndContexts()
    {
        assertThrows(InvalidArgumentException.class, () -> PocketClient.connect("nohost"));
        assertThrows(InvalidArgumentException.class, () -> PocketClient.connect(null, new ClientContext()));
        assertThrows(InvalidArgumentException.class, () -> PocketClient.connect("127.0.0.1:1", null));
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class,
            () -> PocketClient.connect("127.0.0.1:1", new ClientContext().readWindow(0)));
        assertTrue(ex.getMessage().startsWith(ClientContext.READ_WINDOW_PROP_NAME), ex.getMessage());
    }
}
