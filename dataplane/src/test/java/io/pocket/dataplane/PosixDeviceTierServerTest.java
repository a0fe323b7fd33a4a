package io.pocket.dataplane;

/** {@link DeviceTierServerTest} on the posix engine (positional O_DIRECT I/O). */
class PosixDeviceTierServerTest extends DeviceTierServerTest
{
    @Override
    String engine()
    {
        return "posix";
    }
}
