package io.pocket.transport;

import io.netty.channel.Channel;
import io.pocket.protocol.MessageWriter;

/** Creates {@link ServerConnection}s over any channel (an {@code EmbeddedChannel} in unit tests). */
public final class TestServerConnections
{
    private TestServerConnections()
    {
    }

    /**
     * A server connection whose replies are written to {@code channel}.
     *
     * @param channel where replies go.
     * @return the connection.
     */
    public static ServerConnection over(final Channel channel)
    {
        return new ServerConnection(1, channel, ThreadLocal.withInitial(MessageWriter::new));
    }
}
