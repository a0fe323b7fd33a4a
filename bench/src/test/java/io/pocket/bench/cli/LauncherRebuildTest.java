package io.pocket.bench.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When {@code scripts/pocket} rebuilds the jars or remakes the class-data archive: scripts/lib.sh's functions run
 * by bash in a copy of the repository's layout (so that no real build starts), with the stamp, jars and sources
 * dated by the test.
 */
class LauncherRebuildTest
{
    private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path home;

    @Test
    void currentJarsNeedNoBuild() throws Exception
    {
        layout();
        assertEquals("", reason());
    }

    @Test
    void aMainSourceOrPomNewerThanTheLastBuildIsNamed() throws Exception
    {
        layout();
        touch(home.resolve("controlplane/src/main/java/A.java"), BUILT.plusSeconds(5));
        assertEquals("controlplane/src/main/java/A.java changed since the last build", reason());

        touch(home.resolve("controlplane/src/main/java/A.java"), BUILT.minusSeconds(5));
        touch(home.resolve("pom.xml"), BUILT.plusSeconds(5));
        assertEquals("pom.xml changed since the last build", reason());
    }

    @Test
    void anAddedSourceCountsAndAHiddenFileDoesNot() throws Exception
    {
        layout();
        touch(home.resolve("dataplane/src/main/java/.A.java.swp"), BUILT.plusSeconds(5));
        assertEquals("", reason());

        touch(home.resolve("dataplane/src/main/java/B.java"), BUILT.plusSeconds(5));
        assertEquals("dataplane/src/main/java/B.java changed since the last build", reason());
    }

    @Test
    void testSourcesDoNotCount() throws Exception
    {
        layout();
        touch(home.resolve("client/src/test/java/ATest.java"), BUILT.plusSeconds(5));
        assertEquals("", reason());
    }

    @Test
    void missingJarsOrStampOrTheRebuildVariableMeanABuild() throws Exception
    {
        layout();
        Files.delete(home.resolve("bench/target/pocket.built"));
        assertEquals("first use", reason());
        layout();
        assertEquals("POCKET_REBUILD is set", run("POCKET_REBUILD=1 pocket_build_reason"));
        assertEquals("", run("POCKET_REBUILD=0 pocket_build_reason"), "0 means no");
        assertEquals("", run("POCKET_REBUILD=false pocket_build_reason"), "false means no");
    }

    @Test
    void theClassDataArchiveOrAFailedAttemptIsCurrentUntilTheNextBuild() throws Exception
    {
        layout();
        assertEquals("stale", run("pocket_cds_is_current && echo current || echo stale"));
        touch(home.resolve("bench/target/pocket.jsa.failed"), BUILT.plusSeconds(1));
        assertEquals("current", run("pocket_cds_is_current && echo current || echo stale"));
        touch(home.resolve("bench/target/pocket-bench-0.1.0-SNAPSHOT.jar"), BUILT.plusSeconds(2));
        assertEquals("stale", run("pocket_cds_is_current && echo current || echo stale"));
        touch(home.resolve("bench/target/pocket.jsa"), BUILT.plusSeconds(3));
        assertEquals("current", run("pocket_cds_is_current && echo current || echo stale"));
    }

    /** Modules with a main source, a test source and a pom, the jars, class path and stamp of a build at BUILT. */
    private void layout() throws IOException
    {
        Files.createDirectories(home.resolve("scripts"));
        Files.copy(Cli.repositoryRoot().resolve("scripts/lib.sh"), home.resolve("scripts/lib.sh"),
            StandardCopyOption.REPLACE_EXISTING);
        touch(home.resolve("pom.xml"), BUILT.minusSeconds(60));
        for (final String module : new String[]{"client", "native", "dataplane", "controlplane", "bench"})
        {
            touch(home.resolve(module + "/pom.xml"), BUILT.minusSeconds(60));
            touch(home.resolve(module + "/src/main/java/A.java"), BUILT.minusSeconds(60));
            touch(home.resolve(module + "/src/test/java/ATest.java"), BUILT.minusSeconds(60));
        }
        Files.createDirectories(home.resolve("bench/target/lib"));
        touch(home.resolve("bench/target/pocket-bench-0.1.0-SNAPSHOT.jar"), BUILT);
        touch(home.resolve("bench/target/pocket.classpath"), BUILT);
        touch(home.resolve("bench/target/pocket.built"), BUILT);
    }

    private static void touch(final Path file, final Instant time) throws IOException
    {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file))
        {
            Files.createFile(file);
        }
        Files.setLastModifiedTime(file, FileTime.from(time));
    }

    private String reason() throws Exception
    {
        return run("pocket_build_reason");
    }

    private String run(final String script) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source scripts/lib.sh && " + script)
            .directory(home.toFile()).redirectErrorStream(true);
        builder.environment().remove("POCKET_REBUILD");
        final Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
