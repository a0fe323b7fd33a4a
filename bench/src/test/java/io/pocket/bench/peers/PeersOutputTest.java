package io.pocket.bench.peers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV rows, the table and the charts from given results. */
class PeersOutputTest
{
    private static final List<CellResult> RESULTS = List.of(
        new CellResult(new Cell("pocket", PeerOp.GET, 1024, 16), 40_000.4, 40.96, 300, 900, 200_000, 5),
        new CellResult(new Cell("redis", PeerOp.GET, 1024, 16), 50_000, 51.2, 250, 700, 250_000, 5),
        new CellResult(new Cell("memcached", PeerOp.GET, 1024, 16), 45_000, 46.08, 280, 800, 225_000, 5),
        new CellResult(new Cell("pocket", PeerOp.GET, 1 << 20, 16), 2_000, 2097.2, 7000, 15000, 10_000, 5),
        new CellResult(new Cell("redis", PeerOp.GET, 1 << 20, 16), 1_900, 1992.3, 8000, 16000, 9_500, 5));

    @TempDir
    Path dir;

    @Test
    void csvHasTheContractHeaderAndOneRowPerCell() throws Exception
    {
        final Path file = dir.resolve("sub/peers.csv");
        PeersCsv.write(file, RESULTS);
        final List<String> lines = Files.readAllLines(file);
        assertEquals("system,op,size,clients,ops_per_s,mb_per_s,p50_us,p99_us", lines.get(0));
        assertEquals("pocket,get,1024,16,40000,41.0,300,900", lines.get(1));
        assertEquals("redis,get,1048576,16,1900,1992.3,8000,16000", lines.get(5));
        assertEquals(RESULTS.size() + 1, lines.size());
    }

    @Test
    void tableComparesEachSystemWithTheBestOfItsCell()
    {
        final List<String> lines = PeersTable.lines(RESULTS);
        assertEquals(RESULTS.size() + 2, lines.size());
        assertTrue(lines.get(2).startsWith("| pocket | get | 1k | 16 | 40000 | 41.0 | 300 | 900 | 0.80 |"), lines.get(2));
        assertTrue(lines.get(3).endsWith("| 1.00 |"), lines.get(3));
        assertTrue(lines.get(5).endsWith("| 1.00 |"), "pocket is best at 1m: " + lines.get(5));
    }

    @Test
    void chartsArePngFilesPerOpAndClientCount() throws Exception
    {
        final List<Path> files = PeersCharts.write(dir, RESULTS);
        assertEquals(List.of(dir.resolve("peers-get-c16.png")), files);
        assertNotNull(ImageIO.read(files.get(0).toFile()));
    }
}
