package io.pocket.dataplane;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The id a storage server held, kept beside its NVMe file when the file's blocks are kept across restarts
 * ({@code --nvme-keep}): {@code PATH.server-id}, one decimal number. A restarted server registers with it, so the
 * controller gives it back its id and the metadata servers' references to its kept blocks stay valid (checked by
 * their generations, which the device tier keeps too).
 */
final class KeptIdentity
{
    private static final Logger LOG = LoggerFactory.getLogger(KeptIdentity.class);

    private final Path file;

    KeptIdentity(final Path nvmeFile)
    {
        this.file = nvmeFile.resolveSibling(nvmeFile.getFileName() + ".server-id");
    }

    /** The id kept, or {@code none} if there is no (readable) file. */
    int read(final int none)
    {
        try
        {
            return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
        }
        catch (final NoSuchFileException ex)
        {
            return none;
        }
        catch (final IOException | NumberFormatException ex)
        {
            LOG.warn("cannot read the kept server id in {} (starting as a new server): {}", file, ex.toString());
            return none;
        }
    }

    /** Keeps {@code serverId}, replacing the file atomically; a failure is logged (the blocks then start anew). */
    void write(final int serverId)
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            Files.writeString(tmp, serverId + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot keep the server id in {}: {}", file, ex.toString());
        }
    }

    Path file()
    {
        return file;
    }
}
