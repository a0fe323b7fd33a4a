package io.pocket.controlplane.system;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Records the log lines the servers write while it is installed. slf4j-simple (the binding of
 * this module) looks up {@code System.err} for every line unless told to cache it, so a tee
 * installed as {@code System.err} sees each line whole; everything is still passed on to the
 * original stream. {@link #close()} puts the original back.
 */
final class FailureLogCapture implements AutoCloseable
{
    private final PrintStream original;
    private final List<String> lines = new ArrayList<>();

    FailureLogCapture()
    {
        original = System.err;
        System.setErr(new PrintStream(new LineTee(), true, StandardCharsets.UTF_8));
    }

    /** How many lines have been captured so far: a mark for {@link #linesAboutClientPort}. */
    int mark()
    {
        synchronized (lines)
        {
            return lines.size();
        }
    }

    /**
     * The lines captured since {@code mark} that mention a connection from loopback port
     * {@code port} (ports are reused, hence the mark).
     */
    List<String> linesAboutClientPort(final int port, final int mark)
    {
        final Pattern pattern = Pattern.compile("/127\\.0\\.0\\.1:" + port + "(?!\\d)");
        final List<String> matching = new ArrayList<>();
        synchronized (lines)
        {
            for (final String line : lines.subList(mark, lines.size()))
            {
                if (pattern.matcher(line).find())
                {
                    matching.add(line);
                }
            }
        }
        return matching;
    }

    @Override
    public void close()
    {
        System.setErr(original);
    }

    /** Passes bytes on and cuts them into lines. */
    private final class LineTee extends OutputStream
    {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(final int b)
        {
            original.write(b);
            append(b);
        }

        @Override
        public synchronized void write(final byte[] bytes, final int offset, final int length)
        {
            original.write(bytes, offset, length);
            for (int i = offset; i < offset + length; i++)
            {
                append(bytes[i]);
            }
        }

        @Override
        public void flush()
        {
            original.flush();
        }

        private void append(final int b)
        {
            if (b == '\n')
            {
                synchronized (lines)
                {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                }
                line.reset();
            }
            else
            {
                line.write(b);
            }
        }
    }
}
