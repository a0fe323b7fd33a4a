package io.pocket.bench.nvme;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvmeBenchMainTest
{
    @Test
    void patternsHaveTheNamesOfTheCsv()
    {
        assertEquals(5, NvmePattern.values().length);
        assertEquals(NvmePattern.RANDREAD_4K_QD1, NvmePattern.parse("randread-4k-qd1"));
        assertEquals("read", NvmePattern.parse("seqread-1m-qd8").fioRw());
        assertEquals("randwrite", NvmePattern.parse("randwrite-64k-qd32").fioRw());
        assertEquals(32, NvmePattern.parse("randread-64k-qd32").queueDepth());
        assertThrows(InvalidArgumentException.class, () -> NvmePattern.parse("randread-8k-qd2"));
    }

    @Test
    void runsEveryPatternOnBothEnginesAndPrintsResultLines() throws IOException
    {
        final Path dir = Files.createDirectories(Path.of("target", "nvme-test"));
        final Path file = dir.resolve("bench.dat");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(64L << 20);
        }
        try
        {
            for (final String engine : new String[]{"posix", "auto"})
            {
                final List<NvmeResult> results = NvmeBenchMain.run(new String[]{
                    "--file", file.toString(), "--engine", engine, "--duration", "100ms", "--warmup", "20ms"});
                assertEquals(5, results.size());
                for (final NvmeResult result : results)
                {
                    assertTrue(result.ios() > 0, result.line());
                    assertTrue(result.line().startsWith("result engine="), result.line());
                    assertTrue(result.p99Micros() >= result.p50Micros(), result.line());
                }
            }
            assertEquals(64L << 20, file.toFile().length());
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void refusesAMissingFile()
    {
        assertThrows(InvalidArgumentException.class,
            () -> NvmeBenchMain.run(new String[]{"--file", "target/no-such-file", "--engine", "posix"}));
    }
}
