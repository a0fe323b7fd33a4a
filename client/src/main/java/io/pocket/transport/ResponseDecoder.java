package io.pocket.transport;

import io.pocket.protocol.MessageReader;

/**
 * Turns a response body into a value. Runs on the connection's event loop while the frame is
 * held, so it may copy payload bytes straight out of the receive buffer; it must not keep the
 * reader.
 */
@FunctionalInterface
public interface ResponseDecoder<T>
{
    ResponseDecoder<Void> EMPTY = r ->
    {
        r.end();
        return null;
    };

    T decode(MessageReader reader);
}
