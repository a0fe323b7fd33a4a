package io.pocket.dataplane.io;

/**
 * One queue pair of asynchronous, direct (O_DIRECT) block I/O on one {@link DeviceFile}: requests are prepared into a
 * submission queue, pushed to the device in batches by {@link #submit()}, and their completions reaped by
 * {@link #poll}. Buffers are native addresses (off-heap, aligned to {@link DeviceFile#alignment()}); no Java heap
 * memory is involved.
 * <p>
 * An engine belongs to one thread (an I/O thread of the storage server or a benchmark thread); it is not thread-safe.
 * Hot-path methods return status codes ({@link IoStatus}), never throw for bad input and never allocate.
 * <p>
 * {@link #close()} waits for requests in flight to complete (or fail) before releasing the queue, so a buffer is
 * never written after close returns.
 */
public interface IoEngine extends AutoCloseable
{
    /**
     * Name of the engine, as selected by {@code --io-engine}.
     *
     * @return {@code "io_uring"} or {@code "posix"}.
     */
    String name();

    /**
     * Most requests that may be prepared or in flight at once.
     *
     * @return the queue depth.
     */
    int queueDepth();

    /**
     * Requests prepared or submitted whose completion has not been reaped yet.
     *
     * @return requests in flight, {@code 0 .. queueDepth()}.
     */
    int inFlight();

    /**
     * Prepare a read of {@code length} bytes at {@code fileOffset} into {@code address}.
     *
     * @param fileOffset byte offset in the file, a multiple of the alignment.
     * @param address    native address of the destination, a multiple of the alignment.
     * @param length     bytes, a positive multiple of the alignment.
     * @param userData   returned with the completion.
     * @return {@link IoStatus#OK}, {@link IoStatus#QUEUE_FULL}, {@link IoStatus#MISALIGNED},
     * {@link IoStatus#OUT_OF_RANGE} or {@link IoStatus#CLOSED}.
     */
    int prepareRead(long fileOffset, long address, int length, long userData);

    /**
     * Prepare a write of {@code length} bytes from {@code address} to {@code fileOffset}.
     *
     * @param fileOffset byte offset in the file, a multiple of the alignment.
     * @param address    native address of the source, a multiple of the alignment.
     * @param length     bytes, a positive multiple of the alignment.
     * @param userData   returned with the completion.
     * @return as {@link #prepareRead}.
     */
    int prepareWrite(long fileOffset, long address, int length, long userData);

    /**
     * Hand every prepared request to the device.
     *
     * @return number of requests submitted ({@code >= 0}), or a negative {@link IoStatus} code.
     */
    int submit();

    /**
     * Reap up to {@code limit} completions without blocking.
     *
     * @param handler told of each completion.
     * @param limit   most completions to reap.
     * @return completions reaped.
     */
    int poll(CompletionHandler handler, int limit);

    /**
     * Block until at least one completion is ready or the timeout passes, then reap as {@link #poll}. Used by idle
     * strategies after spinning found nothing.
     *
     * @param handler      told of each completion.
     * @param limit        most completions to reap.
     * @param timeoutNanos longest wait.
     * @return completions reaped, possibly 0.
     */
    int await(CompletionHandler handler, int limit, long timeoutNanos);

    /** Wait for requests in flight, then release the queue. Idempotent. */
    @Override
    void close();

    /** Receives completions from {@link #poll} and {@link #await}. */
    @FunctionalInterface
    interface CompletionHandler
    {
        /**
         * One request completed.
         *
         * @param userData as given when the request was prepared.
         * @param result   bytes transferred ({@code >= 0}) or {@code -errno} (e.g. -5 EIO).
         */
        void onComplete(long userData, int result);
    }
}
