package io.pocket.controlplane.system;

import io.pocket.client.GetOption;
import io.pocket.client.Job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import static io.pocket.controlplane.system.SeededContent.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Puts and gets chosen by a number, so that many objects written and read by many threads go
 * through every variant of the API: four puts (array, heap and direct buffer, output stream),
 * three checked reads (get, get into a buffer, input stream) and three DELETE reads.
 */
final class ObjectWays
{
    private ObjectWays()
    {
    }

    static void put(final Job job, final String name, final byte[] bytes, final int way) throws IOException
    {
        switch (way % 4)
        {
            case 0:
                job.put(name, bytes);
                break;
            case 1:
                job.put(name, ByteBuffer.wrap(bytes));
                break;
            case 2:
                job.put(name, ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
                break;
            default:
                try (OutputStream out = job.openOutput(name))
                {
                    EveryWayRoundTrip.writeInOddChunks(out, bytes);
                }
        }
    }

    static void readBack(final Job job, final String name, final byte[] bytes, final int way) throws IOException
    {
        switch (way % 3)
        {
            case 0:
                assertBytes(bytes, job.get(name), "get(" + name + ")");
                break;
            case 1:
                final ByteBuffer dst = ByteBuffer.allocateDirect(bytes.length + 3);
                assertEquals(bytes.length, job.get(name, dst));
                assertBytes(bytes, dst.flip(), "get(" + name + ", dst)");
                break;
            default:
                try (InputStream in = job.openInput(name))
                {
                    assertBytes(bytes, in.readAllBytes(), "openInput(" + name + ")");
                }
        }
    }

    static ByteBuffer readWithDelete(final Job job, final String name, final int size, final int way)
    {
        switch (way % 3)
        {
            case 0:
                return job.get(name, GetOption.DELETE);
            case 1:
                final ByteBuffer dst = ByteBuffer.allocate(size);
                assertEquals(size, job.get(name, dst, GetOption.DELETE));
                return dst.flip();
            default:
                try (InputStream in = job.openInput(name, GetOption.DELETE))
                {
                    return ByteBuffer.wrap(in.readAllBytes());
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
        }
    }
}
