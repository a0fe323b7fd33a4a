package io.pocket.controlplane.metadata;

import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.metadata.core.MetadataStore;
import io.pocket.protocol.ControllerMessages.RegisterMetadata;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A metadata server's membership with the controller: REGISTER_METADATA at start (retried until the register
 * timeout), then a METADATA_HEARTBEAT every period from one daemon thread. A controller that answers
 * UNKNOWN_SERVER has restarted (or forgot this server): the server registers again with what it holds (its jobs and
 * the storage servers it knows), so the controller rebuilds its view from it and nothing is lost.
 */
final class ControllerRegistration implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRegistration.class);
    private static final long REGISTER_RETRY_MS = 500;

    private final String controller;
    private final ConnectionPool pool;
    private final MetadataStore store;
    private final Supplier<String> address;
    private final long requestTimeoutMs;
    private final ScheduledExecutorService thread;
    private String unreachable;
    private volatile boolean closed;

    ControllerRegistration(final String controller, final ConnectionPool pool, final MetadataStore store,
        final Supplier<String> address, final long requestTimeoutMs)
    {
        this.controller = controller;
        this.pool = pool;
        this.store = store;
        this.address = address;
        this.requestTimeoutMs = requestTimeoutMs;
        this.thread = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "pocket-metadata-controller");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers, retrying while the controller is unreachable, then starts the heartbeats.
     *
     * @throws ServiceUnavailableException if the controller could not be reached within {@code timeoutMs}
     */
    void start(final long timeoutMs, final long heartbeatMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            try
            {
                register();
                break;
            }
            catch (final ServiceUnavailableException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new ServiceUnavailableException("metadata server could not register with controller " +
                        controller + ": " + ex.getMessage());
                }
                sleep(REGISTER_RETRY_MS);
            }
        }
        thread.scheduleWithFixedDelay(this::beat, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
    }

    private void register()
    {
        final RegisterMetadata request =
            new RegisterMetadata(address.get(), store.serverIds(), store.heldJobs());
        final int id = Futures.await(pool.get(controller).call(Opcodes.REGISTER_METADATA, request::encode, r ->
        {
            final int v = r.getInt();
            r.end();
            return v;
        }), requestTimeoutMs, controller);
        LOG.info("registered with controller {} as metadata server {}{}", controller, id,
            request.jobs().isEmpty() ? "" : ", with the " + request.jobs().size() + " jobs it holds");
    }

    private void beat()
    {
        try
        {
            try
            {
                Futures.await(pool.get(controller).call(Opcodes.METADATA_HEARTBEAT, w -> w.putString(address.get()),
                    ResponseDecoder.EMPTY), requestTimeoutMs, controller);
            }
            catch (final PocketException ex)
            {
                if (ErrorCode.UNKNOWN_SERVER != ex.code())
                {
                    throw ex;
                }
                LOG.warn("controller {} does not know this metadata server ({}): registering again", controller,
                    ex.getMessage());
                register();
            }
            if (unreachable != null)
            {
                LOG.info("controller {} reachable again", controller);
                unreachable = null;
            }
        }
        catch (final RuntimeException ex)
        {
            if (closed)
            {
                return;
            }
            if (!(ex instanceof ServiceUnavailableException))
            {
                LOG.warn("heartbeat to controller {} failed", controller, ex);
            }
            else if (unreachable == null)
            {
                LOG.warn("controller {} unreachable, retrying: {}", controller, ex.getMessage());
            }
            unreachable = ex.getMessage();
        }
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted");
        }
    }

    @Override
    public void close()
    {
        closed = true;
        thread.shutdownNow();
    }
}
