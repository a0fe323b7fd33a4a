package io.pocket.bench.sort;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ConsoleProgress} output for terminals and for logs. */
class SortProgressTest
{
    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    @Test
    void logsAboutEveryTenPercent()
    {
        final ConsoleProgress progress = new ConsoleProgress(out, false, clock::get);
        for (int done = 0; done <= 1000; done++)
        {
            clock.addAndGet(SECOND / 10);
            progress.onProgress("map", done, 1000);
        }

        final String[] lines = output().split("\n");
        assertEquals(11, lines.length, output());
        assertTrue(lines[0].startsWith("map       0% ["), lines[0]);
        assertTrue(lines[10].startsWith("map     100% [====================]"), lines[10]);
        assertTrue(!output().contains("\r"));
    }

    @Test
    void rewritesOneTerminalLineAtMostFourTimesASecond()
    {
        final ConsoleProgress progress = new ConsoleProgress(out, true, clock::get);
        for (int done = 0; done <= 100; done++)
        {
            clock.addAndGet(SECOND / 100);
            progress.onProgress("reduce", done, 100);
        }
        progress.onProgress("reduce", 100, 100);

        final String text = output();
        final long updates = text.chars().filter((c) -> c == '\r').count();
        assertTrue(updates >= 4 && updates <= 6, text);
        assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, text);
        assertTrue(text.contains("reduce  100%"), text);
    }

    @Test
    void aNewPhaseStartsANewLine()
    {
        final ConsoleProgress progress = new ConsoleProgress(out, true, clock::get);
        progress.onProgress("map", 0, 10);
        progress.onProgress("map", 5, 10);
        progress.onProgress("reduce", 0, 10);
        progress.onProgress("reduce", 10, 10);

        final String text = output();
        assertEquals(2, text.chars().filter((c) -> c == '\n').count(), text);
        assertTrue(text.contains("map       0%") && text.contains("reduce  100%"), text);
    }

    private String output()
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
