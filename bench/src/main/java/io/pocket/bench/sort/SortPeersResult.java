package io.pocket.bench.sort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One system's sort in the application benchmark, and the CSV {@code bench/results/sort-peers.csv}
 * (header {@link #CSV_HEADER}; MB = 10^6 bytes).
 *
 * @param sort           the job's own result (phase times, verification)
 * @param writeSeconds   span of the shuffle's puts
 * @param readSeconds    span of the shuffle's gets
 */
public record SortPeersResult(SortResult sort, double writeSeconds, double readSeconds)
{
    public static final String CSV_HEADER =
        "system,bytes,mappers,reducers,total_s,shuffle_s,write_s,read_s,shuffle_mb_per_s,ok";

    public double shuffleSeconds()
    {
        return writeSeconds + readSeconds;
    }

    /** Bytes put and got over the shuffle time, in MB/s. */
    public double shuffleMegabytesPerSecond()
    {
        return shuffleSeconds() > 0 ? sort.shuffleBytes() / 1e6 / shuffleSeconds() : 0;
    }

    public String csvRow()
    {
        return String.format(Locale.ROOT, "%s,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.1f,%s", sort.store(), sort.bytes(),
            sort.mappers(), sort.reducers(), sort.totalSeconds(), shuffleSeconds(), writeSeconds, readSeconds,
            shuffleMegabytesPerSecond(), sort.ok());
    }

    /** A Markdown table of the results. */
    public static List<String> table(final List<SortPeersResult> results)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("| system | data | mappers x reducers | total s | shuffle s | write s | read s | shuffle MB/s | ok |");
        lines.add("|---|---|---|---|---|---|---|---|---|");
        for (final SortPeersResult result : results)
        {
            final SortResult sort = result.sort();
            lines.add(String.format(Locale.ROOT, "| %s | %.0f MB | %d x %d | %.2f | %.2f | %.2f | %.2f | %.1f | %s |",
                sort.store(), sort.bytes() / 1e6, sort.mappers(), sort.reducers(), sort.totalSeconds(),
                result.shuffleSeconds(), result.writeSeconds(), result.readSeconds(),
                result.shuffleMegabytesPerSecond(), sort.ok() ? "yes" : "NO"));
        }
        return lines;
    }

    /** Writes (replacing) the CSV, creating its directory. */
    public static void writeCsv(final Path file, final List<SortPeersResult> results)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(CSV_HEADER);
        results.forEach((r) -> lines.add(r.csvRow()));
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }
}
