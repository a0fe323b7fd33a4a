package io.pocket.transport;

import io.pocket.protocol.MessageReader;

/**
 * What a server does with requests. Called on the connection's event loop; the reader and its
 * frame are valid only during the call, so a handler decodes (or copies payload bytes) before
 * returning and replies through the connection now or later, from any thread. A thrown
 * {@link io.pocket.client.PocketException} becomes an error response; a
 * {@link io.pocket.client.ProtocolException} also closes the connection.
 */
public interface RequestHandler
{
    void onRequest(ServerConnection connection, int opcode, long correlationId, MessageReader body);

    /**
     * Whether requests of {@code opcode} may carry {@link io.pocket.protocol.FrameHeader#FLAG_QUIET}: answered only
     * if they fail. A quiet request of any other opcode is a protocol error.
     */
    default boolean answersQuietly(final int opcode)
    {
        return false;
    }

    /** The connection has closed: release what its peer held (unsealed writes, pending reads). */
    default void onConnectionClosed(final ServerConnection connection)
    {
    }
}
