package io.pocket.controlplane.cli;

import picocli.CommandLine.Option;

/** The {@code --controller HOST:PORT} option every command takes. */
public final class ControllerOption
{
    /** Default controller address when neither the option nor {@code POCKET_CONTROLLER} is given. */
    public static final String DEFAULT_CONTROLLER = "localhost:4321";

    @Option(names = "--controller", paramLabel = "HOST:PORT",
        description = "controller address (default: the command's pocket.*.controller key, else $POCKET_CONTROLLER, " +
            "else " + DEFAULT_CONTROLLER + ")")
    private String controller;

    /**
     * The address to use: the option, else {@code POCKET_CONTROLLER}, else the default; trimmed,
     * as the client library and {@code pocket bench} trim the variable.
     */
    public String address()
    {
        return address(null);
    }

    /** The option, else {@code configured} (a {@code pocket.*.controller} key), else as {@link #address()}. */
    public String address(final String configured)
    {
        if (controller != null && !controller.isBlank())
        {
            return controller.trim();
        }
        if (configured != null && !configured.isBlank())
        {
            return configured.trim();
        }
        final String env = System.getenv("POCKET_CONTROLLER");
        return env != null && !env.isBlank() ? env.trim() : DEFAULT_CONTROLLER;
    }
}
