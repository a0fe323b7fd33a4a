package io.pocket.bench;

import io.pocket.client.InvalidArgumentException;

import java.util.Locale;

/** What each client of a {@link LoadDriver} run does in its loop. */
public enum BenchOp
{
    /** Writes a new object of the configured size per operation. */
    PUT,
    /** Reads a whole object that the run stored before timing started. */
    GET,
    /** Asks the metadata server for an existing object's size and blocks; no data moves. */
    LOOKUP;

    /**
     * Parses {@code put}, {@code get} or {@code lookup}, in any case.
     *
     * @throws InvalidArgumentException naming the value and the choices
     */
    public static BenchOp parse(final String text)
    {
        if (text != null)
        {
            switch (text.trim().toLowerCase(Locale.ROOT))
            {
                case "put":
                    return PUT;
                case "get":
                    return GET;
                case "lookup":
                    return LOOKUP;
                default:
                    break;
            }
        }
        throw new InvalidArgumentException("--op: must be put, get or lookup, got '" + text + "'");
    }

    /** Whether each operation moves the object's bytes (and so counts towards MB/s). */
    public boolean movesData()
    {
        return this != LOOKUP;
    }

    /** Whether the run needs a stored set of objects before timing starts. */
    public boolean needsStoredObjects()
    {
        return this != PUT;
    }

    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
