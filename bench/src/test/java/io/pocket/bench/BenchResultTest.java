package io.pocket.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one line {@code pocket bench} prints, which scripts parse. */
class BenchResultTest
{
    private static final Pattern LINE =
        Pattern.compile("^result ops_per_s=\\d+ mb_per_s=\\d+(\\.\\d+)? p50_us=\\d+ p99_us=\\d+ p999_us=\\d+$");

    @Test
    void lineHasTheExactFormat()
    {
        final BenchResult result = new BenchResult(41_000, 41.9872, 180, 410, 900, 410_000, 10.0);

        assertEquals("result ops_per_s=41000 mb_per_s=42.0 p50_us=180 p99_us=410 p999_us=900", result.line());
        assertTrue(LINE.matcher(result.line()).matches(), result.line());
    }

    @Test
    void computesRatesAndPercentilesFromAHistogram()
    {
        final Histogram latencies = new Histogram(3);
        for (int i = 1; i <= 1000; i++)
        {
            latencies.recordValue(i);
        }

        final BenchResult result = BenchResult.of(20_000, 1024, 2_000_000_000L, latencies);

        assertEquals(10_000, result.opsPerSecond());
        assertEquals(10.24, result.mbPerSecond(), 1e-9);
        assertEquals(500, result.p50Micros());
        assertEquals(990, result.p99Micros());
        assertEquals(999, result.p999Micros());
        assertEquals("result ops_per_s=10000 mb_per_s=10.2 p50_us=500 p99_us=990 p999_us=999", result.line());
    }

    @Test
    void lookupsMoveNoBytes()
    {
        final Histogram latencies = new Histogram(3);
        latencies.recordValue(150);

        final BenchResult result = BenchResult.of(5000, 0, 1_000_000_000L, latencies);

        assertEquals("result ops_per_s=5000 mb_per_s=0.0 p50_us=150 p99_us=150 p999_us=150", result.line());
        assertTrue(LINE.matcher(result.line()).matches());
    }

    @Test
    void aRunWithoutOperationsPrintsZeros()
    {
        final BenchResult result = BenchResult.of(0, 1024, 1_000_000_000L, new Histogram(3));

        assertEquals("result ops_per_s=0 mb_per_s=0.0 p50_us=0 p99_us=0 p999_us=0", result.line());
    }

    @Test
    void largeNumbersStayPlainIntegers()
    {
        final BenchResult result = new BenchResult(12_345_678, 98_765.43, 1_234_567, 2_000_000, 3_000_000, 1, 1.0);

        assertEquals("result ops_per_s=12345678 mb_per_s=98765.4 p50_us=1234567 p99_us=2000000 p999_us=3000000",
            result.line());
        assertTrue(LINE.matcher(result.line()).matches());
    }

    @Test
    void rejectsNegativeMeasurements()
    {
        assertThrows(IllegalArgumentException.class, () -> new BenchResult(-1, 0, 0, 0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BenchResult(0, Double.NaN, 0, 0, 0, 0, 1));
    }
}
