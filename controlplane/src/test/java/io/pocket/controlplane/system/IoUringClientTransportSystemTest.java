package io.pocket.controlplane.system;

import io.pocket.transport.Transport;

/** {@link TransportSystemTest} with the servers and client on io_uring. */
class IoUringClientTransportSystemTest extends TransportSystemTest
{
    @Override
    Transport.Kind serverTransport()
    {
        return Transport.Kind.IO_URING;
    }

    @Override
    Transport.Kind clientTransport()
    {
        return Transport.Kind.IO_URING;
    }
}
