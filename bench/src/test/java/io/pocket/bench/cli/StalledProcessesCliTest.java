package io.pocket.bench.cli;

import io.pocket.client.ClientContext;
import io.pocket.client.Hints;
import io.pocket.client.Job;
import io.pocket.client.PocketClient;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.ServerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Stalls and crashes of separate processes under a verified put/get load: a storage server stopped with SIGSTOP for
 * twice the loss timeout and continued (declared lost, then back as the same process with every block), and the
 * controller killed with SIGKILL and started again on its port (it holds no data: nothing is lost and new jobs
 * register). Every object put before is read back byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StalledProcessesCliTest
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final long LOST_AFTER_MS = 1_500;
    private static final long WAIT_MS = 20_000;
    private static final String TIMEOUTS = "-Dpocket.controller.lostAfterMs=" + LOST_AFTER_MS +
        " -Dpocket.controller.heartbeatIntervalMs=300";
    private static final Pattern STORAGE_READY = Pattern.compile("pocket storage ready: (\\S+:\\d+) \\(server (\\d+)\\)");
    /** What a get or put may fail with while a server is stopped: unavailable, never not found or wrong bytes. */
    private static final Set<String> WHILE_STOPPED = Set.of("DataUnavailableException", "ServiceUnavailableException");

    private Cli cli;
    private int controllerPort;
    private ServerProcess controller;
    private ServerProcess metadata;
    private ServerProcess storageA;
    private ServerProcess storageB;
    private int serverA;
    private PocketClient pocket;

    @BeforeAll
    void startComponents() throws IOException
    {
        Files.createDirectories(Path.of("target"));
        final Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "stalled-cli-");
        controllerPort = Cli.freePort();
        final String address = "localhost:" + controllerPort;
        cli = Cli.against(address, workDir).withEnv("POCKET_JAVA_OPTS", TIMEOUTS);
        controller = startController();
        metadata = ServerProcess.start(cli, "metadata", "metadata", "--controller", address, "--port",
            Integer.toString(Cli.freePort()));
        storageA = ServerProcess.start(cli, "storage-a", "storage", "--controller", address, "--dram", "96m");
        storageB = ServerProcess.start(cli, "storage-b", "storage", "--controller", address, "--dram", "96m");
        metadata.awaitLine(Pattern.compile("pocket metadata ready: .*"), READY_TIMEOUT);
        serverA = Integer.parseInt(storageA.awaitLine(STORAGE_READY, READY_TIMEOUT).group(2));
        storageB.awaitLine(STORAGE_READY, READY_TIMEOUT);
        pocket = PocketClient.connect(address, new ClientContext().inlineMaxBytes(0));
    }

    private ServerProcess startController()
    {
        final ServerProcess process = ServerProcess.start(cli, "controller-" + System.nanoTime(), "controller",
            "--port", Integer.toString(controllerPort));
        process.awaitLine(Pattern.compile(Pattern.quote("pocket controller ready: port " + controllerPort)),
            READY_TIMEOUT);
        return process;
    }

    @AfterAll
    void stopComponents()
    {
        if (pocket != null)
        {
            pocket.close();
        }
        for (final ServerProcess process : new ServerProcess[]{storageA, storageB, metadata, controller})
        {
            if (process != null)
            {
                if (process.isAlive())
                {
                    process.signal("CONT");
                }
                process.close();
            }
        }
    }

    @Test
    @Order(1)
    void aStorageServerStoppedForTwiceTheLossTimeoutComesBackWithEveryObject() throws Exception
    {
        final Job job = pocket.registerJob("stopped", Hints.none());
        job.createBucket("before");
        job.createBucket("load");
        final Map<String, byte[]> before = putObjects(job, "before", 40);

        final VerifiedLoad load = new VerifiedLoad(job, "load", 4);
        awaitOperations(load, 20);
        final long stoppedAt = System.nanoTime();
        storageA.signal("STOP");
        awaitStatus("storage server " + serverA + " is declared lost while stopped",
            s -> !server(s, serverA).alive());
        LockSupport.parkNanos(stoppedAt + TimeUnit.MILLISECONDS.toNanos(2 * LOST_AFTER_MS) - System.nanoTime());
        storageA.signal("CONT");
        awaitStatus("storage server " + serverA + " is back as the same server", s -> server(s, serverA).alive());
        final long afterBack = load.operations();
        awaitOperations(load, afterBack + 20);
        load.close();

        assertOnly(WHILE_STOPPED, load);
        assertEvery(job, before);
        load.assertEveryAcknowledgedObject();
        job.deregister();
    }

    @Test
    @Order(2)
    void aControllerKilledAndStartedAgainCostsNoData() throws Exception
    {
        final Job job = pocket.registerJob("restart", Hints.none());
        job.createBucket("before");
        job.createBucket("load");
        final Map<String, byte[]> before = putObjects(job, "before", 40);

        final VerifiedLoad load = new VerifiedLoad(job, "load", 4);
        awaitOperations(load, 20);
        controller.kill();
        final long whileDown = load.operations();
        awaitOperations(load, whileDown + 20);
        controller = startController();
        awaitStatus("the new controller knows the metadata server, both storage servers and the job", s ->
            s.metadataAddresses().size() == 1 && s.servers().size() == 2 &&
            s.servers().stream().allMatch(ServerStatus::alive) &&
            s.jobs().stream().anyMatch(j -> j.jobId().equals(job.id())));
        awaitOperations(load, load.operations() + 20);
        load.close();

        assertOnly(Set.of(), load);
        assertEvery(job, before);
        load.assertEveryAcknowledgedObject();
        final String next = cli.run("register", "after-restart").assertSuccess().stdout().trim();
        assertTrue(next.startsWith("after-restart-"), next);
        cli.run("deregister", next).assertSuccess();
        job.deregister();
    }

    private static Map<String, byte[]> putObjects(final Job job, final String bucket, final int count)
    {
        final SplittableRandom random = new SplittableRandom(bucket.hashCode());
        final Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < count; i++)
        {
            final byte[] bytes = new byte[1 + random.nextInt(200 * 1024)];
            random.nextBytes(bytes);
            job.put(bucket + "/" + i, ByteBuffer.wrap(bytes));
            objects.put(bucket + "/" + i, bytes);
        }
        return objects;
    }

    private static void assertEvery(final Job job, final Map<String, byte[]> objects)
    {
        for (final Map.Entry<String, byte[]> object : objects.entrySet())
        {
            final ByteBuffer read = job.get(object.getKey());
            final byte[] copy = new byte[read.remaining()];
            read.get(copy);
            assertArrayEquals(object.getValue(), copy, object.getKey());
        }
    }

    private static void assertOnly(final Set<String> allowed, final VerifiedLoad load)
    {
        System.out.println("load: " + load.operations() + " operations, " + load.acknowledgedCount() +
            " objects kept, failures " + load.failures());
        for (final String failure : load.failures().keySet())
        {
            assertTrue(allowed.contains(failure), "the load failed with " + failure + ": " + load.failures());
        }
        assertTrue(load.acknowledgedCount() > 0, "the load put nothing");
    }

    private static void awaitOperations(final VerifiedLoad load, final long atLeast)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (load.operations() < atLeast)
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("the load did only " + load.operations() + " operations, waited for " + atLeast + "; failures " +
                    load.failures());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private void awaitStatus(final String what, final Predicate<ClusterStatus> condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (true)
        {
            ClusterStatus status = null;
            try
            {
                status = pocket.status();
            }
            catch (final RuntimeException ex)
            {
                // the controller is restarting: ask again
            }
            if (status != null && condition.test(status))
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting until " + what + "; last status " + status);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static ServerStatus server(final ClusterStatus status, final int id)
    {
        return status.servers().stream().filter(s -> s.serverId() == id).findFirst()
            .orElseThrow(() -> new AssertionError("status lists no storage server " + id + ": " + status));
    }
}
