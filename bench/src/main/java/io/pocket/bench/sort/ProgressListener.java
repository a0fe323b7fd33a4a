package io.pocket.bench.sort;

/**
 * Told how far a phase of the sort job has come. Called from the job's worker threads, concurrently,
 * so implementations must be thread safe and cheap.
 */
@FunctionalInterface
public interface ProgressListener
{
    /** A listener that ignores all progress. */
    ProgressListener NONE = (phase, done, total) -> {};

    /**
     * @param phase {@code "map"} or {@code "reduce"}
     * @param done  units of work done so far in this phase; reaches {@code total} exactly once
     * @param total units of work in the phase (the job uses bytes: generated and written in the map
     *              phase, read and sorted in the reduce phase)
     */
    void onProgress(String phase, long done, long total);
}
