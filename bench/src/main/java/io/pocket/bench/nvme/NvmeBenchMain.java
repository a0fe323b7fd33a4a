package io.pocket.bench.nvme;

import io.pocket.client.InvalidArgumentException;
import io.pocket.dataplane.io.DeviceFile;
import io.pocket.dataplane.io.IoEngineKind;
import io.pocket.dataplane.io.IoEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Our side of {@code scripts/bench-nvme}: runs patterns on an existing file with one engine and prints one
 * {@code result ...} line per pattern (the script runs fio on the same file and builds the table).
 * <p>
 * Usage: {@code NvmeBenchMain --file PATH --engine io_uring|posix|auto [--pattern NAME]... [--duration 10s]
 * [--warmup 1s] [--fixed-buffers true|false]}. The file is opened with its contents kept (never reset), so fio and our engine read the same data.
 */
public final class NvmeBenchMain
{
    private NvmeBenchMain()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            run(args);
        }
        catch (final InvalidArgumentException | IllegalStateException ex)
        {
            System.err.println("bench-nvme: " + ex.getMessage());
            System.exit(2);
        }
    }

    static List<NvmeResult> run(final String[] args)
    {
        Path path = null;
        IoEngineKind kind = IoEngineKind.AUTO;
        final List<NvmePattern> patterns = new ArrayList<>();
        long duration = TimeUnit.SECONDS.toNanos(10);
        long warmup = TimeUnit.SECONDS.toNanos(1);
        boolean fixedBuffers = true;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (i + 1 >= args.length)
            {
                throw new InvalidArgumentException("missing value after " + arg);
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--file":
                    path = Path.of(value);
                    break;
                case "--engine":
                    kind = IoEngineKind.parse(value);
                    break;
                case "--pattern":
                    patterns.add(NvmePattern.parse(value));
                    break;
                case "--duration":
                    duration = parseDuration(value, arg);
                    break;
                case "--warmup":
                    warmup = parseDuration(value, arg);
                    break;
                case "--fixed-buffers":
                    fixedBuffers = Boolean.parseBoolean(value);
                    break;
                default:
                    throw new InvalidArgumentException("unknown option " + arg + "; usage: --file PATH " +
                        "--engine io_uring|posix|auto [--pattern NAME]... [--duration 10s] [--warmup 1s] [--fixed-buffers true|false]");
            }
        }
        if (path == null || !Files.exists(path))
        {
            throw new InvalidArgumentException("--file must name an existing file or block device, got " + path);
        }
        if (patterns.isEmpty())
        {
            patterns.addAll(List.of(NvmePattern.values()));
        }
        final IoEngineKind resolved = IoEngines.resolve(kind);
        final long size = Files.isRegularFile(path) ? path.toFile().length() : sizeOfDevice(path);
        final List<NvmeResult> results = new ArrayList<>();
        try (DeviceFile file = DeviceFile.open(path, size - size % (1 << 20), true))
        {
            for (final NvmePattern pattern : patterns)
            {
                final NvmeResult result = EngineRun.run(resolved, file, pattern, warmup, duration, fixedBuffers);
                System.out.println(result.line());
                results.add(result);
            }
        }
        return results;
    }

    private static long sizeOfDevice(final Path path)
    {
        try
        {
            final String name = path.toRealPath().getFileName().toString();
            return Long.parseLong(Files.readString(Path.of("/sys/class/block", name, "size")).trim()) * 512L;
        }
        catch (final java.io.IOException | RuntimeException ex)
        {
            throw new InvalidArgumentException(path + ": cannot tell the size of the device: " + ex.getMessage());
        }
    }

    private static long parseDuration(final String text, final String option)
    {
        final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try
        {
            if (t.endsWith("ms"))
            {
                return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s"))
            {
                return (long)(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e9);
            }
            return (long)(Double.parseDouble(t) * 1e9);
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidArgumentException(option + ": expected a duration such as 10s or 500ms, got " + text);
        }
    }
}
