package io.pocket.transport;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TransportKindTest
{
    @Test
    void everyKindParsesInAnyCaseAndIoUringWithEitherSeparator()
    {
        assertEquals(Transport.Kind.AUTO, Transport.Kind.parse("auto"));
        assertEquals(Transport.Kind.EPOLL, Transport.Kind.parse(" EPOLL "));
        assertEquals(Transport.Kind.NIO, Transport.Kind.parse("Nio"));
        assertEquals(Transport.Kind.IO_URING, Transport.Kind.parse("io_uring"));
        assertEquals(Transport.Kind.IO_URING, Transport.Kind.parse("io-uring"));
    }

    @Test
    void anUnknownKindNamesTheChoices()
    {
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, () -> Transport.Kind.parse("rdma"));
        assertEquals("transport must be auto, epoll, io_uring or nio, got 'rdma'", ex.getMessage());
    }

    @Test
    void autoIsNioForClientsAndNeverAutoForServers()
    {
        try (Transport client = Transport.create(Transport.Kind.AUTO, 1, "kind-test-client");
            Transport server = Transport.forServer(Transport.Kind.AUTO, 1, "kind-test-server"))
        {
            assertEquals(Transport.Kind.NIO, client.kind());
            assertNotEquals(Transport.Kind.AUTO, server.kind());
            assertEquals(io.netty.channel.uring.IoUring.isAvailable() ? Transport.Kind.IO_URING : Transport.Kind.NIO,
                server.kind(), server.describe());
        }
    }

    @Test
    void noThreadsIsRefused()
    {
        assertThrows(InvalidArgumentException.class, () -> Transport.forServer(Transport.Kind.AUTO, 0, "none"));
        assertThrows(InvalidArgumentException.class, () -> Transport.create(Transport.Kind.NIO, 0, "none"));
    }
}
