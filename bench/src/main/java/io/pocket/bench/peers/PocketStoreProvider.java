package io.pocket.bench.peers;

import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.ObjectNotFoundException;
import io.pocket.client.PocketClient;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Pocket through its Java client: one {@link PocketClient} and one registered job shared by every
 * client thread, as the lambdas of one process would share them. Keys are top-level object names of
 * the job; gets land in a reusable direct buffer of the store (one copy out of the receive buffer).
 * Client options come from {@code pocket.client.*} keys ({@code --config FILE}, {@code -D}), as for {@code pocket bench}.
 */
public final class PocketStoreProvider implements StoreProvider
{
    /** Name of the job the benchmark registers. */
    public static final String JOB_NAME = "peers";

    private final PocketClient client;
    private final Job job;

    /**
     * Connects and registers job {@value #JOB_NAME}.
     *
     * @param controller HOST:PORT of the controller
     * @param lambdas    the most client threads that will share the job (its hint)
     */
    public PocketStoreProvider(final String controller, final int lambdas)
    {
        this(controller, lambdas, ClientContext.fromProperties(System.getProperties()));
    }

    /** As {@link #PocketStoreProvider(String, int)} with the client options of {@code options}. */
    public PocketStoreProvider(final String controller, final int lambdas, final ClientContext options)
    {
        final ClientContext context = options.copy().controller(controller);
        this.client = PocketClient.connect(controller, context);
        try
        {
            this.job = client.registerJob(JOB_NAME, Hints.none().lambdas(lambdas));
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    @Override
    public String system()
    {
        return "pocket";
    }

    @Override
    public Store open(final int maxValueLength)
    {
        return new PocketStore(job, maxValueLength);
    }

    /** Deregisters the job (freeing whatever is left of its objects) and closes the client. */
    @Override
    public void close()
    {
        try
        {
            job.deregister();
        }
        finally
        {
            client.close();
        }
    }

    private static final class PocketStore implements Store
    {
        private final Job job;
        private final ByteBuffer destination;
        private byte[] wrappedArray;
        private ByteBuffer wrapped;

        PocketStore(final Job job, final int maxValueLength)
        {
            this.job = Objects.requireNonNull(job, "job");
            this.destination = ByteBuffer.allocateDirect(maxValueLength);
        }

        @Override
        public void put(final String key, final byte[] value, final int length)
        {
            if (value != wrappedArray)
            {
                wrappedArray = value;
                wrapped = ByteBuffer.wrap(value);
            }
            wrapped.limit(length).position(0);
            job.put(key, wrapped);
        }

        @Override
        public ByteBuffer get(final String key)
        {
            destination.clear();
            try
            {
                job.get(key, destination);
            }
            catch (final ObjectNotFoundException ex)
            {
                return null;
            }
            return destination.flip();
        }

        @Override
        public boolean delete(final String key)
        {
            try
            {
                job.delete(key);
                return true;
            }
            catch (final ObjectNotFoundException ex)
            {
                return false;
            }
        }

        @Override
        public void close()
        {
            // The job and client are shared; the provider closes them.
        }
    }
}
