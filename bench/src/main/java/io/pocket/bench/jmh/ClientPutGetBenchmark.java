package io.pocket.bench.jmh;

import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The client's put and get against an in-process {@link LocalCluster} (controller, metadata server and
 * two storage servers on loopback ports in the benchmark's JVM): the whole client path, wire and servers
 * included. {@code get} reads one of {@value #OBJECTS} stored objects into a reused direct buffer;
 * {@code putAndDelete} puts a fresh object from a direct buffer and deletes it (objects are write-once,
 * and deleting keeps the cluster's memory bounded), so its time is one put plus one delete. Run e.g.
 * {@code JmhMain ClientPutGet -p size=1024 -t 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:MaxDirectMemorySize=1g"})
public class ClientPutGetBenchmark
{
    static final int OBJECTS = 64;

    @Param({"1024", "1048576"})
    int size;

    private LocalCluster cluster;
    private PocketClient client;
    private Job job;
    private ByteBuffer payload;

    /** One thread's buffers and names. */
    @State(Scope.Thread)
    public static class ThreadState
    {
        ByteBuffer destination;
        String prefix;
        long sequence;
        int cursor;

        @Setup
        public void setUp(final ClientPutGetBenchmark benchmark, final ThreadParams params)
        {
            destination = ByteBuffer.allocateDirect(benchmark.size);
            prefix = "p-" + params.getThreadIndex() + "-";
            cursor = params.getThreadIndex() % OBJECTS;
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        cluster = LocalCluster.start(new LocalClusterContext().storageServers(2).dram(256L << 20));
        client = PocketClient.connect(cluster.controllerAddress());
        job = client.registerJob("jmh", Hints.none().lambdas(16));
        payload = ByteBuffer.allocateDirect(size);
        final SplittableRandom random = new SplittableRandom(42);
        while (payload.hasRemaining())
        {
            payload.put((byte)random.nextInt());
        }
        payload.flip();
        for (int i = 0; i < OBJECTS; i++)
        {
            job.put("obj-" + i, payload.duplicate());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        job.deregister();
        client.close();
        cluster.close();
    }

    @Benchmark
    public long get(final ThreadState state)
    {
        state.cursor = state.cursor + 1 == OBJECTS ? 0 : state.cursor + 1;
        state.destination.clear();
        return job.get("obj-" + state.cursor, state.destination);
    }

    @Benchmark
    public long putAndDelete(final ThreadState state)
    {
        final String name = state.prefix + state.sequence++;
        job.put(name, payload.duplicate());
        job.delete(name);
        return state.sequence;
    }
}
