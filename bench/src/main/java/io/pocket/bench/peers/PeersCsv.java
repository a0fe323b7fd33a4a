package io.pocket.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/results/peers.csv}: one row per measured cell under exactly the header {@link #HEADER};
 * size in bytes, MB = 10^6 bytes, latencies in microseconds.
 */
public final class PeersCsv
{
    public static final String HEADER = "system,op,size,clients,ops_per_s,mb_per_s,p50_us,p99_us";

    private PeersCsv()
    {
    }

    /** The row of one result, without a line separator. */
    public static String row(final CellResult result)
    {
        final Cell cell = result.cell();
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%d,%.1f,%d,%d", cell.system(), cell.op().label(), cell.size(),
            cell.clients(), Math.round(result.opsPerSecond()), result.mbPerSecond(), result.p50Micros(),
            result.p99Micros());
    }

    /** The header and one row per result, in order. */
    public static List<String> lines(final List<CellResult> results)
    {
        final List<String> lines = new ArrayList<>(results.size() + 1);
        lines.add(HEADER);
        for (final CellResult result : results)
        {
            lines.add(row(result));
        }
        return lines;
    }

    /** Writes (replacing) {@code file}, creating its directory. */
    public static void write(final Path file, final List<CellResult> results)
    {
        try
        {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.write(file, lines(results), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }
}
