package io.pocket.bench.peers;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * PNG charts of a grid, one file per op and client count, {@code peers-<op>-c<clients>.png}: throughput
 * (MB/s) and p50 latency (µs) by object size side by side, both axes logarithmic, one line per system.
 * Drawn headless with XChart.
 */
public final class PeersCharts
{
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private PeersCharts()
    {
    }

    /**
     * Writes the charts into {@code directory} (created if missing).
     *
     * @return the files written
     */
    public static List<Path> write(final Path directory, final List<CellResult> results)
    {
        System.setProperty("java.awt.headless", "true");
        final List<Path> files = new ArrayList<>();
        final Set<PeerOp> ops = new TreeSet<>();
        final Set<Integer> clientCounts = new TreeSet<>();
        for (final CellResult result : results)
        {
            ops.add(result.cell().op());
            clientCounts.add(result.cell().clients());
        }
        try
        {
            Files.createDirectories(directory);
            for (final PeerOp op : ops)
            {
                for (final int clients : clientCounts)
                {
                    final List<CellResult> group = results.stream()
                        .filter((r) -> r.cell().op() == op && r.cell().clients() == clients)
                        .toList();
                    if (group.isEmpty())
                    {
                        continue;
                    }
                    final Path file = directory.resolve("peers-" + op.label() + "-c" + clients + ".png");
                    final String title = op.label() + ", " + clients + (clients == 1 ? " client" : " clients");
                    final List<XYChart> charts = List.of(
                        chart(title + ": throughput", "MB/s (log)", group, true),
                        chart(title + ": p50 latency", "p50 µs (log)", group, false));
                    BitmapEncoder.saveBitmap(charts, 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write charts into " + directory + ": " + ex.getMessage(), ex);
        }
        return files;
    }

    private static XYChart chart(
        final String title, final String yTitle, final List<CellResult> group, final boolean throughput)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("object size (KiB, log)").yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("#,##0.#");
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        final Set<String> systems = new LinkedHashSet<>();
        group.forEach((r) -> systems.add(r.cell().system()));
        for (final String system : systems)
        {
            final List<Double> sizes = new ArrayList<>();
            final List<Double> values = new ArrayList<>();
            group.stream()
                .filter((r) -> r.cell().system().equals(system))
                .sorted((a, b) -> Long.compare(a.cell().size(), b.cell().size()))
                .forEach((r) ->
                {
                    final double value = throughput ? r.mbPerSecond() : r.p50Micros();
                    if (value > 0)
                    {
                        sizes.add(r.cell().size() / 1024.0);
                        values.add(value);
                    }
                });
            if (!sizes.isEmpty())
            {
                final XYSeries series = chart.addSeries(system, sizes, values);
                final Color color = colorOf(system);
                series.setLineColor(color);
                series.setMarkerColor(color);
            }
        }
        return chart;
    }

    /** The same colour for a system in every chart. */
    private static Color colorOf(final String system)
    {
        switch (system)
        {
            case "pocket":
                return new Color(0x1F77B4);
            case "redis":
                return new Color(0xD62728);
            case "memcached":
                return new Color(0x2CA02C);
            default:
                return Color.GRAY;
        }
    }
}
