package io.pocket.bench.peers;

import io.pocket.bench.Threads;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The objects get cells read: {@code count} keys {@code <prefix>-<i>} of one size, value {@code i}
 * stamped with {@link ValueStamp#stampOf}(i). Storing writes each once and reads it back to check every
 * byte; both are untimed and spread over a few threads, each with its own store.
 */
final class StoredSet
{
    private static final int THREADS = 8;

    private final StoreProvider provider;
    private final ValueStamp values;
    private final String[] keys;

    StoredSet(final StoreProvider provider, final ValueStamp values, final String prefix, final int count)
    {
        this.provider = provider;
        this.values = values;
        this.keys = new String[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = prefix + "-" + i;
        }
    }

    String[] keys()
    {
        return keys;
    }

    /** Puts every key and checks it reads back intact. */
    void store()
    {
        forEachKey(true, (store, value, i) ->
        {
            ValueStamp.stamp(value, ValueStamp.stampOf(i));
            store.put(keys[i], value, value.length);
            final ByteBuffer got = store.get(keys[i]);
            final String problem = got == null ? "is missing right after its put" :
                values.check(got, ValueStamp.stampOf(i), true);
            if (problem != null)
            {
                throw new IllegalStateException(provider.system() + ": stored key " + keys[i] + " " + problem);
            }
        });
    }

    /** Deletes every key. */
    void delete()
    {
        forEachKey(false, (store, value, i) -> store.delete(keys[i]));
    }

    private interface KeyTask
    {
        void run(Store store, byte[] value, int index);
    }

    private void forEachKey(final boolean withValues, final KeyTask task)
    {
        final int threadCount = Math.min(THREADS, keys.length);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>(threadCount);
        for (int t = 0; t < threadCount; t++)
        {
            final int first = t;
            threads.add(new Thread(() -> runShare(first, threadCount, withValues, task, failure::compareAndSet),
                "peers-store-" + t));
        }
        threads.forEach(Thread::start);
        Threads.joinAll(threads);
        final Throwable cause = failure.get();
        if (cause instanceof RuntimeException runtime)
        {
            throw runtime;
        }
        if (cause != null)
        {
            throw new IllegalStateException(provider.system() + ": storing the object set failed: " + cause, cause);
        }
    }

    private interface FailureSink
    {
        boolean compareAndSet(Throwable expected, Throwable cause);
    }

    private void runShare(
        final int first, final int stride, final boolean withValues, final KeyTask task, final FailureSink failure)
    {
        try (Store store = provider.open(values.length()))
        {
            final byte[] value = withValues ? values.newValue() : null;
            for (int i = first; i < keys.length; i += stride)
            {
                task.run(store, value, i);
            }
        }
        catch (final Throwable ex)
        {
            failure.compareAndSet(null, ex);
        }
    }
}
