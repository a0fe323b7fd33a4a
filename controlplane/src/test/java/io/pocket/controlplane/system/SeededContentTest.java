package io.pocket.controlplane.system;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The system tests' content generator: chunks agree with the whole, and verification catches a single wrong byte. */
class SeededContentTest
{
    @Test
    void chunksAtAnyOffsetAgreeWithTheWhole()
    {
        final byte[] whole = SeededContent.bytes(42, 1000);
        for (final int from : new int[]{0, 1, 7, 8, 9, 500, 993})
        {
            final int length = whole.length - from;
            final byte[] chunk = new byte[length + 3];
            SeededContent.fill(42, from, chunk, 3, length);
            assertArrayEquals(Arrays.copyOfRange(whole, from, whole.length), Arrays.copyOfRange(chunk, 3, chunk.length));
            SeededContent.verify(42, from, chunk, 3, length, "chunk from " + from);
            assertEquals(whole[from], SeededContent.at(42, from));
        }
        assertNotEquals(Arrays.toString(whole), Arrays.toString(SeededContent.bytes(43, 1000)), "seeds differ");
    }

    @Test
    void verificationNamesTheFirstWrongByte()
    {
        for (final int wrong : new int[]{0, 5, 8, 13, 998})
        {
            final byte[] bytes = SeededContent.bytes(7, 999);
            bytes[wrong] ^= 1;
            final AssertionFailedError ex = assertThrows(AssertionFailedError.class,
                () -> SeededContent.verify(7, 0, bytes, 0, bytes.length, "copy"));
            assertTrue(ex.getMessage().startsWith("copy: byte at offset " + wrong + " is "), ex.getMessage());
            assertThrows(AssertionFailedError.class,
                () -> SeededContent.assertBytes(SeededContent.bytes(7, 999), bytes, "copy"));
        }
    }
}
