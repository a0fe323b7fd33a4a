package io.pocket.bench.peers;

import io.pocket.bench.RunControl;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client thread of a cell, a closed loop with one operation in flight. Puts write fresh keys
 * {@code <prefix>-<client>-<seq>} from this client's own stamped copy of the value and hand them to
 * the {@link KeyDeleter}; gets cycle through the stored keys from this client's own starting point and
 * check each value: every byte during the warm-up, length and stamps while measuring. Latencies of
 * operations that start in the measured time go to this client's histogram, in microseconds.
 */
final class PeerClient
{
    private final int index;
    private final Cell cell;
    private final Store store;
    private final ValueStamp values;
    private final String[] storedKeys;
    private final String putPrefix;
    private final KeyDeleter deleter;
    private final RunControl control;
    private final byte[] value;
    private final Histogram latencyMicros = new Histogram(3);
    private final AtomicLong measured = new AtomicLong();
    private int cursor;
    private long sequence;

    /**
     * @param storedKeys keys stored before the cell, key {@code i} stamped with {@link ValueStamp#stampOf}(i);
     *                   empty for puts
     * @param putPrefix  prefix of the keys puts write, unique to the cell
     * @param deleter    where puts hand their keys, null for gets
     */
    PeerClient(
        final int index,
        final Cell cell,
        final Store store,
        final ValueStamp values,
        final String[] storedKeys,
        final String putPrefix,
        final KeyDeleter deleter,
        final RunControl control)
    {
        this.index = index;
        this.cell = cell;
        this.store = store;
        this.values = values;
        this.storedKeys = storedKeys;
        this.putPrefix = putPrefix + "-" + index + "-";
        this.deleter = deleter;
        this.control = control;
        this.value = cell.op() == PeerOp.PUT ? values.newValue() : null;
        this.cursor = storedKeys.length == 0 ? 0 : (int)((long)index * storedKeys.length / cell.clients());
    }

    /** Runs until {@code endNanos} or until the cell stops; operations starting from {@code measureStartNanos} count. */
    void run(final long measureStartNanos, final long endNanos) throws InterruptedException
    {
        long measuredOps = 0;
        while (!control.isStopped())
        {
            final long start = System.nanoTime();
            if (start >= endNanos)
            {
                break;
            }
            final boolean measuring = start >= measureStartNanos;
            final String putKey;
            if (cell.op() == PeerOp.PUT)
            {
                putKey = putPrefix + sequence;
                ValueStamp.stamp(value, ValueStamp.stampOf(sequence++));
                store.put(putKey, value, value.length);
            }
            else
            {
                putKey = null;
                get(!measuring);
            }
            final long finish = System.nanoTime();
            if (measuring)
            {
                latencyMicros.recordValue((finish - start + 500) / 1000);
                measured.lazySet(++measuredOps);
            }
            if (putKey != null && !deleter.enqueue(putKey))
            {
                break;
            }
        }
    }

    Histogram latencyMicros()
    {
        return latencyMicros;
    }

    long measured()
    {
        return measured.get();
    }

    private void get(final boolean fullCheck)
    {
        final int keyIndex = cursor;
        cursor = cursor + 1 == storedKeys.length ? 0 : cursor + 1;
        final String key = storedKeys[keyIndex];
        final ByteBuffer got = store.get(key);
        if (got == null)
        {
            throw new IllegalStateException(cell.system() + ": stored key " + key + " is missing");
        }
        final String problem = values.check(got, ValueStamp.stampOf(keyIndex), fullCheck);
        if (problem != null)
        {
            throw new IllegalStateException(cell.system() + ": get of " + key + " " + problem);
        }
    }

    int index()
    {
        return index;
    }
}
