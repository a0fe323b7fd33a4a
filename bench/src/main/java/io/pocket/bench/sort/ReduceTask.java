package io.pocket.bench.sort;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

/**
 * One reducer: reads and deletes its partition from every mapper, concatenates them, sorts the records
 * and checks them: count, checksum and key range in input order, then order in sorted order.
 */
final class ReduceTask implements Callable<ReduceTask.Output>
{
    /**
     * What a reducer found. {@code minKey}/{@code maxKey} are null when it got no records; problems
     * describe anything wrong with its own output.
     */
    record Output(
        int reducer,
        long records,
        long checksum,
        long bytesRead,
        boolean sorted,
        byte[] minKey,
        byte[] maxKey,
        List<String> problems)
    {
    }

    private final SortJob.Config config;
    private final int reducer;
    private final ShuffleStore store;
    private final RangePartitioner partitioner;
    private final LongConsumer progress;

    ReduceTask(
        final SortJob.Config config,
        final int reducer,
        final ShuffleStore store,
        final RangePartitioner partitioner,
        final LongConsumer progress)
    {
        this.config = config;
        this.reducer = reducer;
        this.store = store;
        this.partitioner = partitioner;
        this.progress = progress;
    }

    @Override
    public Output call()
    {
        final RecordFormat format = config.format();
        final int recordSize = format.recordSize();
        final long expectedBytes = config.totalBytes() / config.reducers();
        final GrowableBuffer input = new GrowableBuffer(expectedBytes + expectedBytes / 32 + 64L * recordSize);

        for (int m = 0; m < config.mappers(); m++)
        {
            final ByteBuffer partition = store.getAndDelete(SortJob.partitionKey(m, reducer));
            input.append(partition);
            progress.accept(partition.remaining());
        }

        final List<String> problems = new ArrayList<>();
        final byte[] data = input.array();
        final int bytesRead = input.size();
        final int count = bytesRead / recordSize;
        if (bytesRead % recordSize != 0)
        {
            problems.add("reducer " + reducer + " read " + bytesRead + " bytes, not a whole number of "
                + recordSize + "-byte records");
        }

        // Checksum and key range in input order: sequential, so far cheaper than in sorted order.
        long checksum = 0;
        long outOfRange = 0;
        for (int offset = 0, end = count * recordSize; offset < end; offset += recordSize)
        {
            checksum += format.hash(data, offset);
            if (partitioner.partitionOf(format, data, offset) != reducer)
            {
                outOfRange++;
            }
        }
        if (outOfRange > 0)
        {
            problems.add("reducer " + reducer + " holds " + outOfRange + " records outside its key range");
        }

        final int[] order = RecordSorter.sortedOrder(format, data, count);
        final int disorderAt = firstDisorder(format, data, order);
        if (disorderAt >= 0)
        {
            problems.add("reducer " + reducer + " output is out of order (or not a permutation) at record "
                + disorderAt);
        }
        progress.accept(bytesRead);

        final byte[] minKey = count == 0 ? null : format.key(data, order[0] * recordSize);
        final byte[] maxKey = count == 0 ? null : format.key(data, order[count - 1] * recordSize);
        final boolean sorted = disorderAt < 0 && outOfRange == 0;
        return new Output(reducer, count, checksum, bytesRead, sorted, minKey, maxKey, List.copyOf(problems));
    }

    /** The first position where the sorted order steps down or repeats a record index, or -1. */
    private static int firstDisorder(final RecordFormat format, final byte[] data, final int[] order)
    {
        final int recordSize = format.recordSize();
        final BitSet seen = new BitSet(order.length);
        for (int i = 0; i < order.length; i++)
        {
            final int index = order[i];
            if (index < 0 || index >= order.length || seen.get(index))
            {
                return i;
            }
            seen.set(index);
            if (i > 0 && format.compare(data, order[i - 1] * recordSize, data, index * recordSize) > 0)
            {
                return i;
            }
        }
        return -1;
    }
}
