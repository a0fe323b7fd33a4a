package io.pocket.controlplane.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code pocket config}: every {@code pocket.*} option of every component with the value a command started now would
 * use before its flags (defaults, then {@code --config FILE}, then {@code -D} system properties), each checked as the
 * component checks it at start-up.
 */
@Command(name = "config", description = "Print every pocket.* option in effect (defaults < --config FILE < -D), " +
    "one key=value a line; an unknown key or bad value fails naming the key.")
final class ConfigCommand implements Callable<Integer>
{
    @Option(names = "--config", paramLabel = "FILE", description = "properties file of pocket.* options")
    Path file;

    @Override
    public Integer call()
    {
        final ConfigSource source = new ConfigSource();
        source.file = file;
        ConfigKeys.effective(source.properties()).forEach((key, value) -> System.out.println(key + "=" + value));
        System.out.flush();
        return 0;
    }
}
