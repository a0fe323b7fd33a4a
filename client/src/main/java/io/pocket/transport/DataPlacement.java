package io.pocket.transport;

import io.netty.buffer.ByteBuf;
import io.pocket.protocol.MessageReader;

/**
 * A {@link RequestHandler} that takes the trailing data of some requests straight into its own memory.
 * <p>
 * For a frame of an opcode with a {@link #placedBodyLength placed body}, the server's decoder reads the header and
 * that fixed part of the body, asks {@link #placeData} where the rest (the data) goes, and lets the socket reads land
 * there: the bytes go from the kernel to their destination with no receive buffer and no copy in between. Once they
 * have all arrived it calls {@link #onDataPlaced}, which answers. Frames the handler does not place, and frames of
 * other opcodes, reach {@link #onRequest} whole as usual.
 * <p>
 * Both calls run on the connection's event loop, in the order of the connection's frames.
 */
public interface DataPlacement extends RequestHandler
{
    /**
     * Fixed body bytes before the data in frames of an opcode whose data may be placed.
     *
     * @param opcode request opcode.
     * @return the fixed body length, or 0 if frames of this opcode are always delivered whole.
     */
    int placedBodyLength(int opcode);

    /**
     * Where a frame's data goes.
     *
     * @param connection    the requester.
     * @param opcode        request opcode.
     * @param correlationId request id.
     * @param body          the fixed part of the body only ({@link #placedBodyLength} bytes).
     * @param dataLength    data bytes that follow it.
     * @return a buffer of exactly {@code dataLength} writable bytes from writer index 0 whose reference passes to the
     * caller, or null to have the whole frame delivered to {@link #onRequest}, which is also how a request in error is
     * answered. Never throws.
     */
    ByteBuf placeData(ServerConnection connection, int opcode, long correlationId, MessageReader body, int dataLength);

    /**
     * The data of a placed frame has all arrived: finish the request and answer it. May throw as {@link #onRequest}.
     *
     * @param connection    the requester.
     * @param opcode        request opcode.
     * @param correlationId request id.
     * @param body          the fixed part of the body again.
     * @param dataLength    data bytes placed.
     */
    void onDataPlaced(ServerConnection connection, int opcode, long correlationId, MessageReader body, int dataLength);
}
