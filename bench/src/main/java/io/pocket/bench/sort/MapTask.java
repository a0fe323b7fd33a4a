package io.pocket.bench.sort;

import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

/**
 * One mapper: generates its share of records batch by batch, appends each record to the buffer of the
 * reducer whose key range holds it, then writes one object per reducer ({@code m<i>-r<j>}). Counts the
 * records and sums their hashes for the job's end-to-end check.
 */
final class MapTask implements Callable<MapTask.Output>
{
    /** What a mapper produced. */
    record Output(int mapper, long records, long checksum, long bytesWritten)
    {
    }

    private static final int BATCH_BYTES = 1 << 20;

    private final SortJob.Config config;
    private final int mapper;
    private final ShuffleStore store;
    private final RangePartitioner partitioner;
    private final LongConsumer progress;

    MapTask(
        final SortJob.Config config,
        final int mapper,
        final ShuffleStore store,
        final RangePartitioner partitioner,
        final LongConsumer progress)
    {
        this.config = config;
        this.mapper = mapper;
        this.store = store;
        this.partitioner = partitioner;
        this.progress = progress;
    }

    @Override
    public Output call()
    {
        final RecordFormat format = config.format();
        final int recordSize = format.recordSize();
        final int reducers = config.reducers();
        final long records = config.recordsOfMapper(mapper);

        final long expectedPartitionBytes = records * recordSize / reducers;
        final GrowableBuffer[] partitions = new GrowableBuffer[reducers];
        for (int r = 0; r < reducers; r++)
        {
            partitions[r] = new GrowableBuffer(expectedPartitionBytes + expectedPartitionBytes / 32 + 64L * recordSize);
        }

        final RecordGenerator generator = new RecordGenerator(format, config.seed(), mapper);
        final int batchRecords = Math.max(1, BATCH_BYTES / recordSize);
        final byte[] batch = new byte[batchRecords * recordSize];
        long checksum = 0;
        long remaining = records;
        while (remaining > 0)
        {
            if (Thread.currentThread().isInterrupted())
            {
                throw new IllegalStateException("mapper " + mapper + " interrupted");
            }
            final int count = (int)Math.min(batchRecords, remaining);
            final int length = generator.fill(batch, 0, count);
            for (int offset = 0; offset < length; offset += recordSize)
            {
                checksum += format.hash(batch, offset);
                partitions[partitioner.partitionOf(format, batch, offset)].append(batch, offset, recordSize);
            }
            remaining -= count;
            progress.accept(length);
        }

        long bytesWritten = 0;
        for (int r = 0; r < reducers; r++)
        {
            final GrowableBuffer partition = partitions[r];
            partitions[r] = null;
            store.put(SortJob.partitionKey(mapper, r), partition.asByteBuffer());
            bytesWritten += partition.size();
            progress.accept(partition.size());
        }
        return new Output(mapper, records, checksum, bytesWritten);
    }
}
