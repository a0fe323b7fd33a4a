package io.pocket.dataplane;

import io.pocket.transport.Transport;

/** {@link PlacementStressTest} with the storage server on native epoll event loops. */
class EpollPlacementStressTest extends PlacementStressTest
{
    @Override
    Transport.Kind transport()
    {
        return Transport.Kind.EPOLL;
    }
}
