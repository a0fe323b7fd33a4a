package io.pocket.transport;

import io.pocket.protocol.MessageWriter;

/** Writes a message body at the writer's position. */
@FunctionalInterface
public interface Encoder
{
    Encoder EMPTY = w -> { };

    void encode(MessageWriter writer);
}
