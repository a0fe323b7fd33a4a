package io.pocket.bench.peers;

import io.pocket.controlplane.cluster.LocalCluster;
import io.pocket.controlplane.cluster.LocalClusterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny grid end to end against a real Redis, memcached and in-process Pocket cluster. */
class PeersGridTest
{
    @TempDir
    Path dir;

    @Test
    void runsOneCellPerSystemAndOpAndWritesCsvAndCharts() throws Exception
    {
        try (PeerServer redis = PeerServer.redis("128mb");
            PeerServer memcached = PeerServer.memcached(128);
            LocalCluster cluster = LocalCluster.start(new LocalClusterContext().storageServers(2).dram(64L << 20)))
        {
            final PeersContext ctx = new PeersContext()
                .pocket(cluster.controllerAddress())
                .redis(redis.address())
                .memcached(memcached.address())
                .sizes(List.of(1024L))
                .clients(List.of(2))
                .durationNanos(1_000_000_000L)
                .warmupNanos(200_000_000L)
                .memory(128L << 20)
                .memcachedConnections(2)
                .csv(dir.resolve("peers.csv"))
                .charts(dir);
            final StringWriter progress = new StringWriter();
            final PeersGrid.Outcome outcome = PeersCommand.run(ctx, new PrintWriter(progress, true));

            assertEquals(List.of(), outcome.failures(), progress.toString());
            assertEquals(6, outcome.results().size(), progress.toString());
            for (final CellResult result : outcome.results())
            {
                assertTrue(result.operations() > 0, result.toString());
                assertTrue(result.p50Micros() > 0 && result.p99Micros() >= result.p50Micros(), result.toString());
                assertEquals(result.opsPerSecond() * 1024 / 1e6, result.mbPerSecond(), 1e-6);
            }
            assertEquals(List.of("pocket", "redis", "memcached", "redis", "memcached", "pocket"),
                outcome.results().stream().map((r) -> r.cell().system()).toList(),
                "the systems of one op, size and client count run back to back, the first one rotating");
            assertTrue(progress.toString().contains("cell 6/6: pocket get 1k x2"), progress.toString());

            PeersCsv.write(ctx.csv(), outcome.results());
            final List<String> lines = Files.readAllLines(ctx.csv());
            assertEquals(PeersCsv.HEADER, lines.get(0));
            assertEquals(7, lines.size());
            assertTrue(lines.get(1).startsWith("pocket,put,1024,2,"), lines.get(1));
            assertTrue(lines.get(6).startsWith("pocket,get,1024,2,"), lines.get(6));

            final List<Path> charts = PeersCharts.write(dir, outcome.results());
            assertEquals(List.of(dir.resolve("peers-put-c2.png"), dir.resolve("peers-get-c2.png")), charts);
            for (final Path chart : charts)
            {
                final BufferedImage image = ImageIO.read(chart.toFile());
                assertNotNull(image, chart + " is a PNG");
                assertTrue(image.getWidth() >= 1000 && image.getHeight() >= 300, chart.toString());
            }
        }
    }
}
