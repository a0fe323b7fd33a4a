package io.pocket.dataplane;

import io.pocket.transport.Transport;

/** {@link PlacementStressTest} with the storage server on NIO event loops. */
class NioPlacementStressTest extends PlacementStressTest
{
    @Override
    Transport.Kind transport()
    {
        return Transport.Kind.NIO;
    }
}
