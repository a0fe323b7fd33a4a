package io.pocket.bench.sort;

import io.pocket.client.BucketNotEmptyException;
import io.pocket.client.GetOption;
import io.pocket.client.Job;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PocketShuffleStore} maps shuffle calls onto a Pocket job; the job here is a recording fake. */
class PocketShuffleStoreTest
{
    private final List<String> calls = new ArrayList<>();
    private final InMemoryShuffleStore objects = new InMemoryShuffleStore();

    @Test
    void keepsObjectsInItsBucketAndReadsThemWithDelete()
    {
        final PocketShuffleStore store = new PocketShuffleStore(fakeJob());
        final ByteBuffer data = ByteBuffer.wrap(new byte[]{1, 2, 3, 4}).position(1);
        store.put("m0-r1", data);
        assertEquals(1, data.position());

        final ByteBuffer read = store.getAndDelete("m0-r1");
        final byte[] bytes = new byte[read.remaining()];
        read.get(bytes);
        assertArrayEquals(new byte[]{2, 3, 4}, bytes);
        store.close();

        assertEquals("pocket", store.name());
        assertEquals(List.of(
            "createBucket shuffle", "put shuffle/m0-r1", "get shuffle/m0-r1 [DELETE]", "deleteBucket shuffle"), calls);
    }

    @Test
    void runsTheSortJobThroughAJob()
    {
        final SortResult result;
        try (PocketShuffleStore store = new PocketShuffleStore(fakeJob(), "sort"))
        {
            result = new SortJob(SortJob.Config.of(1 << 20, 2, 3)).run(store);
        }

        assertTrue(result.ok(), result::report);
        assertEquals("pocket", result.store());
        assertEquals(0, objects.size());
        assertTrue(calls.contains("get sort/m1-r2 [DELETE]"), calls::toString);
    }

    private Job fakeJob()
    {
        return (Job)Proxy.newProxyInstance(Job.class.getClassLoader(), new Class<?>[]{Job.class},
            (proxy, method, args) ->
            {
                if (args == null || !(args[0] instanceof String name))
                {
                    throw new UnsupportedOperationException(method.getName());
                }
                synchronized (calls)
                {
                    switch (method.getName())
                    {
                        case "createBucket", "deleteBucket" -> calls.add(method.getName() + " " + name);
                        case "put" -> calls.add("put " + name);
                        case "get" -> calls.add("get " + name + " " + Arrays.toString((GetOption[])args[1]));
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                }
                return switch (method.getName())
                {
                    case "put" ->
                    {
                        objects.put(name, (ByteBuffer)args[1]);
                        yield null;
                    }
                    case "get" -> objects.getAndDelete(name);
                    case "deleteBucket" ->
                    {
                        if (objects.size() > 0)
                        {
                            throw new BucketNotEmptyException(name);
                        }
                        yield null;
                    }
                    default -> null;
                };
            });
    }
}
