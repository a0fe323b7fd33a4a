package io.pocket.controlplane.system;

import io.pocket.transport.Transport;

/** {@link TransportSystemTest} with the servers and client on NIO. */
class NioTransportSystemTest extends TransportSystemTest
{
    @Override
    Transport.Kind serverTransport()
    {
        return Transport.Kind.NIO;
    }

    @Override
    Transport.Kind clientTransport()
    {
        return Transport.Kind.NIO;
    }
}
