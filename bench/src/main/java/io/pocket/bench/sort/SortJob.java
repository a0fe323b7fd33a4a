package io.pocket.bench.sort;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * MapReduce sort of random sortbenchmark-style records through a {@link ShuffleStore}: all mappers run
 * concurrently and write one partition per reducer; after the map phase completes (a barrier), all
 * reducers run concurrently, read their partitions once (deleting them), sort and check them. The job
 * then checks end to end that every generated record arrived exactly once (count and an
 * order-independent checksum) and that the output is globally sorted.
 */
public final class SortJob
{
    /**
     * Shape of a sort job.
     *
     * @param totalBytes bytes of records to generate (rounded down to whole records)
     * @param mappers    concurrent map tasks
     * @param reducers   concurrent reduce tasks, each owning one key range
     * @param recordSize bytes per record
     * @param keySize    key bytes at the start of each record
     * @param seed       seed of the record generators; equal seeds give equal data
     */
    public record Config(long totalBytes, int mappers, int reducers, int recordSize, int keySize, long seed)
    {
        public static final long DEFAULT_TOTAL_BYTES = 1L << 30;
        public static final int DEFAULT_TASKS = 16;
        public static final long DEFAULT_SEED = 0x5EED_50F7L;
        private static final long MAX_TASK_BYTES = 1L << 30;

        public Config
        {
            final RecordFormat format = new RecordFormat(recordSize, keySize);
            if (mappers < 1 || mappers > 1 << 16)
            {
                throw new IllegalArgumentException("mappers must be in [1, 65536]: " + mappers);
            }
            if (reducers < 1 || reducers > RangePartitioner.PREFIX_RANGE)
            {
                throw new IllegalArgumentException("reducers must be in [1, 65536]: " + reducers);
            }
            if (totalBytes < format.recordSize())
            {
                throw new IllegalArgumentException("totalBytes below one record: " + totalBytes);
            }
            if (totalBytes / mappers > MAX_TASK_BYTES || totalBytes / reducers > MAX_TASK_BYTES)
            {
                throw new IllegalArgumentException("over 1 GiB per task: use more mappers and reducers");
            }
        }

        /** 1 GiB of 100-byte records with 10-byte keys, 16 mappers and 16 reducers. */
        public static Config defaults()
        {
            return of(DEFAULT_TOTAL_BYTES, DEFAULT_TASKS, DEFAULT_TASKS);
        }

        /** The sortbenchmark record format and the default seed. */
        public static Config of(final long totalBytes, final int mappers, final int reducers)
        {
            final RecordFormat format = RecordFormat.SORT_BENCHMARK;
            return new Config(totalBytes, mappers, reducers, format.recordSize(), format.keySize(), DEFAULT_SEED);
        }

        public RecordFormat format()
        {
            return new RecordFormat(recordSize, keySize);
        }

        /** Records the whole job generates. */
        public long records()
        {
            return totalBytes / recordSize;
        }

        /** Records mapper {@code mapper} generates; shares differ by at most one record. */
        public long recordsOfMapper(final int mapper)
        {
            final long records = records();
            return records / mappers + (mapper < records % mappers ? 1 : 0);
        }
    }

    private final Config config;

    public SortJob(final Config config)
    {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config()
    {
        return config;
    }

    /** The shuffle key of the partition mapper {@code mapper} writes for reducer {@code reducer}. */
    public static String partitionKey(final int mapper, final int reducer)
    {
        return "m" + mapper + "-r" + reducer;
    }

    /**
     * Runs the job to completion.
     *
     * @return timings and the outcome of verification; see {@link SortResult#ok()}
     * @throws IllegalStateException if a task fails (e.g. the store loses a partition); the message
     *                               names the task and the cause
     */
    public SortResult run(final ShuffleStore store, final ProgressListener progress)
    {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(progress, "progress");
        final RangePartitioner partitioner = new RangePartitioner(config.reducers());
        final ExecutorService pool = Executors.newFixedThreadPool(
            Math.max(config.mappers(), config.reducers()), workerThreads());
        try
        {
            final long startNanos = System.nanoTime();
            final long generatedBytes = config.records() * config.recordSize();
            final PhaseProgress mapProgress = new PhaseProgress("map", 2 * generatedBytes, progress);
            final List<MapTask.Output> maps = runAll(pool, "mapper", config.mappers(),
                (m) -> new MapTask(config, m, store, partitioner, mapProgress));
            final long mapEndNanos = System.nanoTime();
            mapProgress.finish();

            final long bytesWritten = maps.stream().mapToLong(MapTask.Output::bytesWritten).sum();
            final PhaseProgress reduceProgress = new PhaseProgress("reduce", 2 * bytesWritten, progress);
            final List<ReduceTask.Output> reduces = runAll(pool, "reducer", config.reducers(),
                (r) -> new ReduceTask(config, r, store, partitioner, reduceProgress));
            final long reduceEndNanos = System.nanoTime();
            reduceProgress.finish();

            return verify(store.name(), maps, reduces, startNanos, mapEndNanos, reduceEndNanos);
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /** Runs the job without progress reports. */
    public SortResult run(final ShuffleStore store)
    {
        return run(store, ProgressListener.NONE);
    }

    private SortResult verify(
        final String storeName,
        final List<MapTask.Output> maps,
        final List<ReduceTask.Output> reduces,
        final long startNanos,
        final long mapEndNanos,
        final long reduceEndNanos)
    {
        final RecordFormat format = config.format();
        final List<String> problems = new ArrayList<>();
        boolean sorted = true;
        byte[] previousMaxKey = null;
        int previousReducer = -1;
        for (final ReduceTask.Output reduce : reduces)
        {
            problems.addAll(reduce.problems());
            sorted &= reduce.sorted();
            if (reduce.minKey() == null)
            {
                continue;
            }
            if (previousMaxKey != null &&
                format.compareKeys(reduce.minKey(), 0, previousMaxKey, 0) < 0)
            {
                sorted = false;
                problems.add("reducer " + reduce.reducer() + " starts below the end of reducer " + previousReducer);
            }
            previousMaxKey = reduce.maxKey();
            previousReducer = reduce.reducer();
        }

        final long records = maps.stream().mapToLong(MapTask.Output::records).sum();
        final long inputChecksum = maps.stream().mapToLong(MapTask.Output::checksum).sum();
        final long bytesWritten = maps.stream().mapToLong(MapTask.Output::bytesWritten).sum();
        final long outputRecords = reduces.stream().mapToLong(ReduceTask.Output::records).sum();
        final long outputChecksum = reduces.stream().mapToLong(ReduceTask.Output::checksum).sum();
        final long bytesRead = reduces.stream().mapToLong(ReduceTask.Output::bytesRead).sum();
        if (outputRecords != records)
        {
            problems.add("mappers generated " + records + " records but reducers got " + outputRecords);
        }
        if (outputChecksum != inputChecksum)
        {
            problems.add(String.format("checksum of reducers' records 0x%016x differs from mappers' 0x%016x",
                outputChecksum, inputChecksum));
        }
        if (bytesRead != bytesWritten)
        {
            problems.add("store returned " + bytesRead + " bytes but was given " + bytesWritten);
        }

        final long endNanos = System.nanoTime();
        return new SortResult(
            storeName, config.mappers(), config.reducers(),
            records, records * config.recordSize(), outputRecords,
            (mapEndNanos - startNanos) / 1e9, (reduceEndNanos - mapEndNanos) / 1e9, (endNanos - startNanos) / 1e9,
            bytesWritten, bytesRead, inputChecksum, outputChecksum, sorted, List.copyOf(problems));
    }

    private static <T> List<T> runAll(
        final ExecutorService pool, final String kind, final int tasks, final Function<Integer, Callable<T>> task)
    {
        final CompletionService<T> completion = new ExecutorCompletionService<>(pool);
        final List<Future<T>> futures = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++)
        {
            futures.add(completion.submit(task.apply(i)));
        }

        final List<T> results = new ArrayList<>(Collections.nCopies(tasks, null));
        try
        {
            for (int done = 0; done < tasks; done++)
            {
                final Future<T> finished = completion.take();
                final int index = futures.indexOf(finished);
                try
                {
                    results.set(index, finished.get());
                }
                catch (final ExecutionException ex)
                {
                    final Throwable cause = ex.getCause();
                    throw new IllegalStateException(kind + " " + index + " failed: " + cause, cause);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sort job interrupted", ex);
        }
        finally
        {
            futures.forEach((f) -> f.cancel(true));
        }
        return List.copyOf(results);
    }

    private static ThreadFactory workerThreads()
    {
        final AtomicInteger counter = new AtomicInteger();
        return (runnable) ->
        {
            final Thread thread = new Thread(runnable, "sort-worker-" + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
