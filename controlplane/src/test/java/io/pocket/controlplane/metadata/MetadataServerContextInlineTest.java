package io.pocket.controlplane.metadata;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inline object options of {@link MetadataServerContext}: defaults, properties and validation. */
class MetadataServerContextInlineTest
{
    @Test
    void defaultsAndProperties()
    {
        final MetadataServerContext defaults = new MetadataServerContext().conclude();
        assertEquals(4096, defaults.inlineMaxBytes());
        assertEquals(256L << 20, defaults.inlineBudget());

        final Properties props = new Properties();
        props.setProperty(MetadataServerContext.INLINE_MAX_BYTES_PROP_NAME, "2k");
        props.setProperty(MetadataServerContext.INLINE_BUDGET_PROP_NAME, "1g");
        final MetadataServerContext ctx = new MetadataServerContext().applyProperties(props).conclude();
        assertEquals(2048, ctx.inlineMaxBytes());
        assertEquals(1L << 30, ctx.inlineBudget());
        assertEquals(0, new MetadataServerContext().inlineMaxBytes(0).conclude().inlineMaxBytes(), "0 turns it off");
    }

    @Test
    void rejectsBadValuesNamingTheProperty()
    {
        assertStartsWith("pocket.metadata.inlineMaxBytes: must be between 0 (off) and the block size 4k",
            () -> new MetadataServerContext().blockSize(4096).inlineMaxBytes(4097).conclude());
        assertStartsWith("pocket.metadata.inlineMaxBytes: must be between",
            () -> new MetadataServerContext().inlineMaxBytes(-1).conclude());
        assertStartsWith("pocket.metadata.inlineBudget: must not be negative",
            () -> new MetadataServerContext().inlineBudget(-1).conclude());
        final Properties props = new Properties();
        props.setProperty(MetadataServerContext.INLINE_BUDGET_PROP_NAME, "lots");
        assertStartsWith("pocket.metadata.inlineBudget: not a size: 'lots'",
            () -> new MetadataServerContext().applyProperties(props));
    }

    private static void assertStartsWith(final String prefix, final Runnable call)
    {
        final InvalidArgumentException ex = assertThrows(InvalidArgumentException.class, call::run);
        assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
    }
}
