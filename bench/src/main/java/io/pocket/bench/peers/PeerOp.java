package io.pocket.bench.peers;

import io.pocket.client.InvalidArgumentException;

import java.util.Locale;

/** What the clients of a cell do: put fresh keys, or get keys stored before the cell. */
public enum PeerOp
{
    PUT,
    GET;

    /** The name in tables and the CSV: {@code put} or {@code get}. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidArgumentException starting with {@code property} when the text is neither
     */
    static PeerOp parse(final String property, final String text)
    {
        for (final PeerOp op : values())
        {
            if (op.label().equals(text.trim().toLowerCase(Locale.ROOT)))
            {
                return op;
            }
        }
        throw new InvalidArgumentException(property + ": must be put or get, got '" + text + "'");
    }
}
