package io.pocket.controlplane.system;

import io.pocket.transport.Transport;

/** {@link TransportSystemTest} with the servers on io_uring and the client on NIO: what {@code auto} picks where io_uring loads. */
class IoUringTransportSystemTest extends TransportSystemTest
{
    @Override
    Transport.Kind serverTransport()
    {
        return Transport.Kind.IO_URING;
    }

    @Override
    Transport.Kind clientTransport()
    {
        return Transport.Kind.NIO;
    }
}
