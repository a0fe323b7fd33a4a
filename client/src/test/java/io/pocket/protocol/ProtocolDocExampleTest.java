package io.pocket.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pocket.protocol.ControllerMessages.Hello;
import io.pocket.protocol.MetadataMessages.NameRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worked example of docs/protocol.md (§7): its LOOKUP and HELLO frames are the bytes today's codecs write, so the
 * document cannot drift from the wire (it once showed a HELLO of protocol version 1, which servers refuse).
 */
class ProtocolDocExampleTest
{
    private static final Path DOC = Path.of("..", "docs", "protocol.md");

    private static String documented(final String text, final String pattern)
    {
        final Matcher m = Pattern.compile(pattern).matcher(text);
        assertTrue(m.find(), "docs/protocol.md has no line matching " + pattern);
        return m.group(1).trim();
    }

    private static String encoded(final int opcode, final int flags, final long correlationId,
        final Consumer<MessageWriter> body)
    {
        final ByteBuf buf = Unpooled.directBuffer(64);
        try
        {
            final MessageWriter writer = new MessageWriter();
            writer.wrap(buf);
            body.accept(writer);
            final ByteBuf frame = writer.finish(opcode, flags, correlationId);
            return ByteBufUtil.hexDump(frame).replaceAll("(..)(?!$)", "$1 ");
        }
        finally
        {
            buf.release();
        }
    }

    @Test
    void theWorkedExampleIsWhatTheCodecsWrite() throws IOException
    {
        final String doc = Files.readString(DOC);

        assertEquals(documented(doc, "On one line: `([0-9a-f ]+)`"), encoded(Opcodes.LOOKUP, 0, 2,
            w -> new NameRequest("j-1", "b/o", 0).encode(w)), "the LOOKUP request");
        assertEquals(documented(doc, "(?m)^request: +([0-9a-f ]+)$"), encoded(Opcodes.HELLO, 0, 1,
            Hello.CURRENT::encode), "the HELLO request");
        assertEquals(documented(doc, "(?m)^response: +([0-9a-f ]+)$"), encoded(Opcodes.HELLO,
            FrameHeader.FLAG_RESPONSE, 1, w -> w.putShort(Hello.VERSION)), "the HELLO response");
    }
}
