package io.pocket.dataplane;

import io.pocket.nativeio.NativeIo;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link DeviceTierServerTest} on the io_uring engine; skipped, saying why, where io_uring cannot be used. */
class IoUringDeviceTierServerTest extends DeviceTierServerTest
{
    @BeforeAll
    static void requireIoUring()
    {
        assumeTrue(NativeIo.isAvailable(), () -> "io_uring unavailable: " + NativeIo.unavailabilityCause());
        final String ringProblem = NativeIo.probeRing();
        assumeTrue(null == ringProblem, () -> "io_uring unavailable: " + ringProblem);
    }

    @Override
    String engine()
    {
        return "io_uring";
    }
}
