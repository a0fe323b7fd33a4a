package io.pocket.bench;

import io.pocket.bench.peers.PeersContext;
import io.pocket.controlplane.cli.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md cannot drift from the code: its tables list exactly the keys the components read, and each
 * default written there in backticks is the one a fresh context has ("none" for an empty one); the peer benchmark's
 * keys are checked as keys only.
 */
class ConfigurationDocTest
{
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(pocket\\.[^`]+)` \\| ([^|]*) \\| .*\\|$");
    /** A key in prose: not a package name ({@code io.pocket.client.Job}) nor a wildcard ({@code pocket.client.*}). */
    private static final Pattern MENTION =
        Pattern.compile("(?<![.\\w])(pocket\\.(?:client|controller|metadata|storage|local|native|peers)\\.[a-z][A-Za-z.]*[A-Za-z])");
    private static final Pattern CODE = Pattern.compile("`([^`]*)`");
    /** Keys whose default depends on the machine or the environment, given in words. */
    private static final Set<String> DEFAULTS_IN_WORDS = Set.of("pocket.client.controller", "pocket.storage.ioThreads");

    @Test
    void everyKeyIsDocumentedAndNoOther() throws IOException
    {
        final Set<String> expected = new TreeSet<>(ConfigKeys.all());
        expected.addAll(PeersContext.KNOWN_PROPS);
        assertEquals(expected, documented().keySet());
    }

    @Test
    void everyKeyTheDocsMentionExists() throws IOException
    {
        final Set<String> known = new TreeSet<>(ConfigKeys.all());
        known.addAll(PeersContext.KNOWN_PROPS);
        final Path root = docsDirectory().getParent();
        try (Stream<Path> docs = Stream.concat(Stream.of(root.resolve("README.md")), Files.list(docsDirectory())))
        {
            for (final Path doc : (Iterable<Path>)docs.filter(p -> p.toString().endsWith(".md"))::iterator)
            {
                for (final String line : Files.readAllLines(doc))
                {
                    final Matcher key = MENTION.matcher(line);
                    while (key.find() && !line.contains("unknown option"))
                    {
                        assertTrue(known.contains(key.group(1)), doc.getFileName() + " names " + key.group(1) +
                            ", which no component reads: " + line);
                    }
                }
            }
        }
    }

    @Test
    void documentedDefaultsAreTheCode() throws IOException
    {
        final Map<String, String> defaults = ConfigKeys.effective(new Properties());
        for (final Map.Entry<String, String> row : documented().entrySet())
        {
            final String key = row.getKey();
            final String cell = row.getValue().trim();
            final Matcher code = CODE.matcher(cell);
            if (key.startsWith(PeersContext.PREFIX))
            {
                continue; // the peer benchmark's defaults are its flags', in peers.md
            }
            if (cell.equals("none"))
            {
                assertEquals("", defaults.get(key), key);
            }
            else if (code.matches())
            {
                assertEquals(defaults.get(key), code.group(1), key);
            }
            else
            {
                assertTrue(DEFAULTS_IN_WORDS.contains(key),
                    key + ": write its default as `value` or none, got " + cell);
            }
        }
    }

    private static Map<String, String> documented() throws IOException
    {
        final Path doc = docsDirectory().resolve("configuration.md");
        final Map<String, String> rows = new LinkedHashMap<>();
        final Matcher row = ROW.matcher(Files.readString(doc));
        while (row.find())
        {
            assertTrue(rows.put(row.group(1), row.group(2)) == null, "documented twice: " + row.group(1));
        }
        return rows;
    }

    /** docs/ of the repository: the tests run in bench/, Maven from the root also works. */
    private static Path docsDirectory()
    {
        final Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("docs")) ? cwd.resolve("docs") : cwd.getParent().resolve("docs");
    }
}
