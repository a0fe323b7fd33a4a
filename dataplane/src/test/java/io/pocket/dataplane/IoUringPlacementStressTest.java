package io.pocket.dataplane;

import io.pocket.transport.Transport;

/** {@link PlacementStressTest} with the storage server on io_uring event loops. */
class IoUringPlacementStressTest extends PlacementStressTest
{
    @Override
    Transport.Kind transport()
    {
        return Transport.Kind.IO_URING;
    }
}
