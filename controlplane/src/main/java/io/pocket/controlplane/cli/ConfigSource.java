package io.pocket.controlplane.cli;

import io.pocket.client.InvalidArgumentException;
import io.pocket.nativeio.NativeIo;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where a command's {@code pocket.*} options come from, in rising precedence: the contexts' defaults, the properties
 * file of {@code --config FILE}, Java system properties ({@code -D}, through {@code POCKET_JAVA_OPTS}), and last the
 * command's flags. {@code --print-config} prints the options a command concluded, one {@code key=value} a line.
 */
public final class ConfigSource
{
    @Option(names = "--config", paramLabel = "FILE",
        description = "properties file of pocket.* options (-D system properties and flags win over it)")
    Path file;

    @Option(names = "--print-config", description = "print the options in effect, one key=value a line, at start")
    boolean printConfig;

    /** The options from the file and the system properties, the latter winning; an unknown pocket.* key is refused. */
    public Properties properties()
    {
        return properties(System.getProperties());
    }

    /** As {@link #properties()} with {@code system} in place of the system properties. */
    public Properties properties(final Properties system)
    {
        final Properties merged = new Properties();
        if (file != null)
        {
            try (Reader reader = Files.newBufferedReader(file))
            {
                merged.load(reader);
            }
            catch (final NoSuchFileException ex)
            {
                throw new InvalidArgumentException("--config: no such file: " + file);
            }
            catch (final IOException | IllegalArgumentException ex)
            {
                throw new InvalidArgumentException("--config: cannot read " + file + ": " + ex.getMessage());
            }
        }
        if (merged.containsKey(NativeIo.DISABLE_PROP_NAME))
        {
            throw new InvalidArgumentException(NativeIo.DISABLE_PROP_NAME + ": read when the JVM loads the native " +
                "library, so a system property only (-D" + NativeIo.DISABLE_PROP_NAME + "=true), not a --config key");
        }
        for (final String key : system.stringPropertyNames())
        {
            merged.setProperty(key, system.getProperty(key));
        }
        ConfigKeys.refuseUnknown(merged);
        return merged;
    }

    /** With {@code --print-config}, prints {@code options} one {@code key=value} a line on stdout. */
    public void print(final Map<String, String> options)
    {
        if (printConfig)
        {
            options.forEach((key, value) -> System.out.println(key + "=" + value));
            System.out.flush();
        }
    }
}
