package io.pocket.nativeio;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build script degrades to a note, not a failed build, when gcc is missing. */
class NativeBuildTest
{
    @Test
    void withoutGccTheBuildLeavesANoteInsteadOfFailing() throws IOException, InterruptedException
    {
        final Path out = Files.createDirectories(Path.of("target", "no-gcc-build")).toAbsolutePath();
        final Path emptyBin = Files.createDirectories(out.resolve("bin"));
        for (final String tool : new String[]{"uname", "tr", "mkdir", "rm"})
        {
            final Path link = emptyBin.resolve(tool);
            if (!Files.exists(link))
            {
                Files.createSymbolicLink(link, Path.of("/bin", tool));
            }
        }
        final ProcessBuilder builder = new ProcessBuilder("/bin/sh", "src/main/c/build.sh", "src/main/c",
            out.toString(), System.getProperty("java.home"));
        builder.environment().put("PATH", emptyBin.toString());
        builder.redirectErrorStream(true);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        try (var dirs = Files.list(out))
        {
            final Path platformDir = dirs.filter(p -> p.getFileName().toString().startsWith("linux-")).findFirst()
                .orElseThrow(() -> new AssertionError("no platform folder: " + output));
            final String note = Files.readString(platformDir.resolve("NOT-BUILT.txt"));
            assertTrue(note.contains("gcc"), note);
            assertFalse(Files.exists(platformDir.resolve("libpocketnative.so")));
        }
    }
}
