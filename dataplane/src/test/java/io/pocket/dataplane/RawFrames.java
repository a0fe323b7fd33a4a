package io.pocket.dataplane;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Frames built and read byte by byte, for tests that talk to a storage server over a plain socket. */
final class RawFrames
{
    private RawFrames()
    {
    }

    /**
     * Greets a storage server over {@code socket} (5 s read timeout) and reads its HELLO answer.
     *
     * @return the stream to read the server's next frames from
     */
    static DataInputStream greet(final Socket socket) throws IOException
    {
        socket.setSoTimeout(5_000);
        final DataInputStream in = new DataInputStream(socket.getInputStream());
        socket.getOutputStream().write(hello());
        final int opcode = read(in).getShort(FrameHeader.OPCODE_OFFSET);
        if (opcode != Opcodes.HELLO)
        {
            throw new AssertionError("HELLO answered with opcode " + opcode);
        }
        return in;
    }

    static byte[] hello()
    {
        return ByteBuffer.allocate(FrameHeader.HEADER_LENGTH + 8).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(FrameHeader.HEADER_LENGTH + 8).putShort((short)Opcodes.HELLO).putShort((short)0).putLong(1)
            .putInt(Hello.MAGIC).putShort((short)Hello.VERSION).putShort((short)0).array();
    }

    /** A WRITE_BLOCK of {@code data} at offset 0 of a block. */
    static byte[] write(
        final long correlationId,
        final int flags,
        final int serverId,
        final int tier,
        final long blockId,
        final long generation,
        final byte[] data)
    {
        final ByteBuffer frame = ByteBuffer.allocate(FrameHeader.HEADER_LENGTH + BlockIoFlyweight.LENGTH + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(frame.capacity()).putShort((short)Opcodes.WRITE_BLOCK).putShort((short)flags).putLong(correlationId);
        frame.putInt(serverId).putInt(tier).putLong(blockId).putLong(generation).putLong(0)
            .putInt(0).putInt(data.length);
        return frame.put(data).array();
    }

    /** The next whole frame, little-endian. */
    static ByteBuffer read(final DataInputStream in) throws IOException
    {
        final byte[] lengthBytes = new byte[4];
        in.readFully(lengthBytes);
        final int length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
        final byte[] frame = new byte[length];
        System.arraycopy(lengthBytes, 0, frame, 0, 4);
        in.readFully(frame, 4, length - 4);
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The message of an error frame (u16 code, then a string). */
    static String errorMessage(final ByteBuffer frame)
    {
        final int at = FrameHeader.HEADER_LENGTH + 4;
        return new String(frame.array(), at, frame.capacity() - at, StandardCharsets.UTF_8);
    }
}
