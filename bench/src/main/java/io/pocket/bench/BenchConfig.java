package io.pocket.bench;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.transport.HostPort;

import java.util.Objects;

/**
 * One load-driver run, validated: every problem is an {@link InvalidArgumentException} whose message
 * starts with the command-line option at fault.
 *
 * @param controller    controller address, HOST:PORT
 * @param op            what each client does in its loop
 * @param clients       client threads, each with one operation in flight
 * @param objectSize    bytes per object
 * @param durationNanos measured time
 * @param warmupNanos   time run before measuring, not recorded
 * @param objects       objects stored before timing for gets and lookups (ignored by puts)
 * @param ioThreads     event loop threads of the client, 0 for the client's default
 * @param batch         lookups per client call ({@link io.pocket.client.Job#lookupAll}), 1 for single
 *                      lookups; more than 1 only for {@link BenchOp#LOOKUP}
 */
public record BenchConfig(
    String controller,
    BenchOp op,
    int clients,
    long objectSize,
    long durationNanos,
    long warmupNanos,
    int objects,
    int ioThreads,
    int batch)
{
    /** Most client threads one run drives. */
    public static final int MAX_CLIENTS = 1024;

    /** Largest object: one direct buffer holds it. */
    public static final long MAX_OBJECT_SIZE = 1L << 30;

    /** Most objects stored for gets and lookups. */
    public static final int MAX_OBJECTS = 1_000_000;

    /** Most event loop threads. */
    public static final int MAX_IO_THREADS = 1024;

    /** Most lookups in one batch. */
    public static final int MAX_BATCH = 10_000;

    /** Objects stored for gets without {@code --objects}, unless they exceed {@link #DEFAULT_STORED_BYTES}. */
    public static final int DEFAULT_OBJECTS = 1000;

    /** Bytes the default object set may take, unless there are more clients than objects that fit. */
    public static final long DEFAULT_STORED_BYTES = 256L << 20;

    public BenchConfig
    {
        Objects.requireNonNull(op, "op");
        if (controller == null || controller.isBlank())
        {
            throw new InvalidArgumentException("--controller: must be HOST:PORT, got none");
        }
        try
        {
            HostPort.parse(controller);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException("--controller: " + ex.getMessage());
        }
        if (clients < 1 || clients > MAX_CLIENTS)
        {
            throw new InvalidArgumentException(
                "--clients: must be between 1 and " + MAX_CLIENTS + ", got " + clients);
        }
        if (objectSize < 0 || objectSize > MAX_OBJECT_SIZE)
        {
            throw new InvalidArgumentException(
                "--size: must be between 0 and " + Sizes.format(MAX_OBJECT_SIZE) + ", got " + Sizes.format(objectSize));
        }
        if (durationNanos <= 0)
        {
            throw new InvalidArgumentException(
                "--duration: must be longer than 0, got " + Durations.format(durationNanos));
        }
        if (warmupNanos < 0)
        {
            throw new InvalidArgumentException("--warmup: must not be negative, got " + warmupNanos + "ns");
        }
        if (objects < 1 || objects > MAX_OBJECTS)
        {
            throw new InvalidArgumentException("--objects: must be between 1 and " + MAX_OBJECTS + ", got " + objects);
        }
        if (ioThreads < 0 || ioThreads > MAX_IO_THREADS)
        {
            throw new InvalidArgumentException(
                "--threads: must be between 1 and " + MAX_IO_THREADS + ", got " + ioThreads);
        }
        if (batch < 1 || batch > MAX_BATCH)
        {
            throw new InvalidArgumentException("--batch: must be between 1 and " + MAX_BATCH + ", got " + batch);
        }
        if (batch > 1 && op != BenchOp.LOOKUP)
        {
            throw batchNeedsLookup(op);
        }
    }

    /** The error for {@code --batch} with an op other than lookup. */
    static InvalidArgumentException batchNeedsLookup(final BenchOp op)
    {
        return new InvalidArgumentException("--batch: only for --op lookup, got --op " + op);
    }

    /**
     * The default object set: {@value #DEFAULT_OBJECTS} objects, fewer if they would take more than
     * {@link #DEFAULT_STORED_BYTES}, but at least one per client.
     */
    public static int defaultObjects(final int clients, final long objectSize)
    {
        final long fit = objectSize <= 0 ? DEFAULT_OBJECTS : DEFAULT_STORED_BYTES / objectSize;
        return (int)Math.max(Math.max(clients, 1), Math.min(DEFAULT_OBJECTS, fit));
    }

    /** Bytes one operation moves: the object size, or 0 for lookups. */
    public long bytesPerOp()
    {
        return op.movesData() ? objectSize : 0;
    }

    /** Operations one client call counts: the batch size. */
    public int opsPerCall()
    {
        return batch;
    }

    /** The note printed before the result line when a call is a batch, else null. */
    public String latencyNote()
    {
        return batch > 1 ? "note: latency is per batch of " + batch + " lookups" : null;
    }

    /** One line describing the run, for the start of the progress output. */
    public String describe()
    {
        return "op=" + op + " clients=" + clients + " size=" + Sizes.format(objectSize) +
            " duration=" + Durations.format(durationNanos) + " warmup=" + Durations.format(warmupNanos) +
            (op.needsStoredObjects() ? " objects=" + objects : "") + (batch > 1 ? " batch=" + batch : "") +
            " controller=" + controller;
    }
}
