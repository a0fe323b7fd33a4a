package io.pocket.dataplane.io;

/** The conformance suite against the posix engine (FileChannel with O_DIRECT on worker threads). */
class PosixEngineConformanceTest extends IoEngineConformanceTest
{
    @Override
    IoEngineKind kind()
    {
        return IoEngineKind.POSIX;
    }
}
