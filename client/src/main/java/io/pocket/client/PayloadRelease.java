package io.pocket.client;

import io.netty.buffer.ByteBuf;
import io.pocket.transport.RpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes sure the transport has let go of a block payload before the memory behind it goes back to
 * its owner. The writer keeps one reference of its own; the transport releases the other once the
 * bytes have left the socket or the connection has failed. A response proves the request was
 * written, so after a success nothing waits; only a timed-out write can still sit in a socket
 * buffer, and then the connection is closed to make the transport drop it.
 */
final class PayloadRelease
{
    private static final Logger LOG = LoggerFactory.getLogger(PayloadRelease.class);
    private static final long SETTLE_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private PayloadRelease()
    {
    }

    /**
     * Drops the writer's reference once the transport holds none.
     *
     * @return true if the payload is released; false if the transport still refers to it (it was
     * leaked rather than freed, so its memory must not be reused)
     */
    static boolean release(final ByteBuf payload, final RpcClient storage, final StorageAddress server, final int closeWaitMs)
    {
        if (payload.refCnt() > 1 && !awaitSole(payload, SETTLE_NS))
        {
            LOG.warn("closing connection to {}: a block write is still queued after its request failed", server.label());
            storage.close();
            if (!awaitSole(payload, TimeUnit.MILLISECONDS.toNanos(closeWaitMs)))
            {
                LOG.warn("transport still holds a block payload for {}; leaving its buffer alone", server.label());
                return false;
            }
        }
        payload.release();
        return true;
    }

    private static boolean awaitSole(final ByteBuf payload, final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (payload.refCnt() > 1)
        {
            if (System.nanoTime() - deadline > 0)
            {
                return false;
            }
            LockSupport.parkNanos(20_000);
        }
        return true;
    }
}
