package io.pocket.controlplane.system;

import io.pocket.transport.Transport;

/** {@link TransportSystemTest} with the servers and client on native epoll. */
class EpollTransportSystemTest extends TransportSystemTest
{
    @Override
    Transport.Kind serverTransport()
    {
        return Transport.Kind.EPOLL;
    }

    @Override
    Transport.Kind clientTransport()
    {
        return Transport.Kind.EPOLL;
    }
}
