package io.pocket.dataplane;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;
import io.pocket.config.ConfigValues;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a device tier lives and how much of it to use, as given by {@code --nvme PATH:SIZE} or {@code --disk PATH:SIZE}
 * (e.g. {@code /data/pocket.nvme:4g}; the path may itself contain colons, the size follows the last one).
 *
 * @param path file or block device.
 * @param size bytes to use.
 */
public record DeviceSpec(Path path, long size)
{
    /**
     * Parse {@code PATH:SIZE}.
     *
     * @param prop property named in errors.
     * @param text the text.
     * @return the spec, or null for empty text (no such tier).
     * @throws InvalidArgumentException starting with {@code prop} if the text is malformed.
     */
    public static DeviceSpec parse(final String prop, final String text)
    {
        if (null == text || text.isBlank())
        {
            return null;
        }
        final String trimmed = text.trim();
        final int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1)
        {
            throw new InvalidArgumentException(prop + ": must be PATH:SIZE such as /data/pocket.nvme:4g, got '" +
                text + "'");
        }
        final long size = ConfigValues.size(prop, trimmed.substring(colon + 1));
        try
        {
            return new DeviceSpec(Path.of(trimmed.substring(0, colon)), size);
        }
        catch (final InvalidPathException ex)
        {
            throw new InvalidArgumentException(prop + ": not a path: '" + trimmed.substring(0, colon) + "'");
        }
    }

    @Override
    public String toString()
    {
        return path + ":" + Sizes.format(size);
    }
}
