package io.pocket.bench;

import io.pocket.client.Job;
import io.pocket.client.ObjectInfo;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client thread of a run, as one lambda would behave: a closed loop with one operation in
 * flight. It puts from a preallocated payload, gets into a reused destination buffer and records
 * the latency of every measured operation, in microseconds, in its own histogram; nothing is
 * shared with other clients on the timed path except the {@link Job}. With a lookup batch, one
 * call is {@link Job#lookupAll} of the next {@link BenchConfig#batch()} stored names: it counts as
 * that many operations and its latency is recorded once.
 */
final class ClientLoop
{
    /** Latencies with 3 significant digits; the histogram grows to whatever range occurs. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final int index;
    private final int clients;
    private final BenchConfig config;
    private final Job job;
    private final ByteBuffer payload;
    private final ByteBuffer destination;
    private final String[] storedNames;
    private final ObjectDeleter deleter;
    private final RunControl control;
    private final String[] batchNames;
    private final List<String> batch;
    private final Histogram latencyMicros = new Histogram(SIGNIFICANT_DIGITS);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong measured = new AtomicLong();
    private int cursor;
    private long putSequence;

    /**
     * @param payload     read-only view of the random payload, this client's own duplicate
     * @param destination buffer gets read into, null unless the run gets
     * @param storedNames objects stored before timing (gets and lookups)
     * @param deleter     where puts hand over their objects, null unless the run puts
     */
    ClientLoop(
        final int index,
        final BenchConfig config,
        final Job job,
        final ByteBuffer payload,
        final ByteBuffer destination,
        final String[] storedNames,
        final ObjectDeleter deleter,
        final RunControl control)
    {
        this.index = index;
        this.clients = config.clients();
        this.config = config;
        this.job = Objects.requireNonNull(job, "job");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.destination = destination;
        this.storedNames = storedNames;
        this.deleter = deleter;
        this.control = control;
        this.cursor = storedNames.length == 0 ? 0 : (int)((long)index * storedNames.length / clients);
        this.batchNames = new String[config.batch()];
        this.batch = Arrays.asList(batchNames);
    }

    /** Stores this client's share of the object set (every clients-th name) and checks each once; not timed. */
    void storeObjects()
    {
        for (int i = index; i < storedNames.length && !control.isStopped(); i += clients)
        {
            job.put(storedNames[i], payload);
            verifyStored(storedNames[i]);
            completed.lazySet(completed.get() + 1);
        }
    }

    /** Runs the closed loop until the window ends or the run stops. */
    void run(final RunWindow window) throws InterruptedException
    {
        final long measureStart = window.measureStartNanos();
        final long end = window.endNanos();
        final int opsPerCall = config.opsPerCall();
        long done = 0;
        long measuredOps = 0;
        while (!control.isStopped())
        {
            final String putName = config.op() == BenchOp.PUT ? "p-" + index + "-" + putSequence++ : null;
            final long start = System.nanoTime();
            if (start >= end)
            {
                break;
            }
            execute(putName);
            final long finish = System.nanoTime();

            if (start >= measureStart)
            {
                latencyMicros.recordValue((finish - start + 500) / 1000);
                measuredOps += opsPerCall;
                measured.lazySet(measuredOps);
            }
            done += opsPerCall;
            completed.lazySet(done);
            if (putName != null && !deleter.enqueue(putName))
            {
                break;
            }
        }
    }

    /** Latencies of the measured operations; read after {@link #run} returned. */
    Histogram latencyMicros()
    {
        return latencyMicros;
    }

    /** Operations completed so far, warm-up (or setup) included; any thread may read it. */
    long completed()
    {
        return completed.get();
    }

    /** Measured operations so far; any thread may read it. */
    long measured()
    {
        return measured.get();
    }

    private void execute(final String putName)
    {
        switch (config.op())
        {
            case PUT:
                job.put(putName, payload);
                break;
            case GET:
                get(nextStoredName());
                break;
            case LOOKUP:
                if (batchNames.length > 1)
                {
                    lookupBatch();
                }
                else
                {
                    lookup(nextStoredName());
                }
                break;
            default:
                throw new IllegalStateException("unknown op " + config.op());
        }
    }

    private void get(final String name)
    {
        destination.clear();
        final long size = job.get(name, destination);
        if (size != config.objectSize())
        {
            throw new IllegalStateException("get of " + name + " returned " + size + " bytes, stored " +
                config.objectSize());
        }
    }

    private void lookup(final String name)
    {
        final ObjectInfo info = job.lookup(name);
        if (info.size() != config.objectSize())
        {
            throw new IllegalStateException("lookup of " + name + " reports " + info.size() + " bytes, stored " +
                config.objectSize());
        }
    }

    private void lookupBatch()
    {
        for (int i = 0; i < batchNames.length; i++)
        {
            batchNames[i] = nextStoredName();
        }
        final List<ObjectInfo> infos = job.lookupAll(batch);
        for (int i = 0; i < batchNames.length; i++)
        {
            final ObjectInfo info = infos.get(i);
            if (!info.name().equals(batchNames[i]) || info.size() != config.objectSize())
            {
                throw new IllegalStateException("batch lookup of " + batchNames[i] + " reports " + info.name() + " of " +
                    info.size() + " bytes, stored " + config.objectSize());
            }
        }
    }

    private String nextStoredName()
    {
        final String name = storedNames[cursor];
        cursor = cursor + 1 == storedNames.length ? 0 : cursor + 1;
        return name;
    }

    private void verifyStored(final String name)
    {
        if (destination == null)
        {
            lookup(name);
            return;
        }
        get(name);
        destination.flip();
        if (destination.mismatch(payload) != -1)
        {
            throw new IllegalStateException("object " + name + " read back different bytes than were put");
        }
    }
}
