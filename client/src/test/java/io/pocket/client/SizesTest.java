package io.pocket.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SizesTest
{
    @Test
    void parsesBinarySizes()
    {
        assertEquals(17, Sizes.parseSize("17"));
        assertEquals(1024, Sizes.parseSize("1k"));
        assertEquals(64 * 1024, Sizes.parseSize("64K"));
        assertEquals(1L << 20, Sizes.parseSize("1m"));
        assertEquals(2L << 30, Sizes.parseSize("2g"));
        assertEquals(2L << 30, Sizes.parseSize("2GiB"));
        assertEquals(1L << 40, Sizes.parseSize("1t"));
    }

    @Test
    void rejectsGarbageSizes()
    {
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseSize(""));
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseSize("k"));
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseSize("1x"));
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseSize("-1k"));
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseSize("1.5g"));
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseSize("99999999999t"));
    }

    @Test
    void parsesRates()
    {
        assertEquals(500L << 20, Sizes.parseRate("500m"));
        assertEquals(1_000_000_000L, Sizes.parseRate("8gbit"));
        assertEquals(12_500_000L, Sizes.parseRate("100mbit"));
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseRate("fast"));
        assertThrows(InvalidArgumentException.class, () -> Sizes.parseRate("bit"));
    }

    @Test
    void formatsSizes()
    {
        assertEquals("17", Sizes.format(17));
        assertEquals("64k", Sizes.format(65536));
        assertEquals("1.5g", Sizes.format(3L << 29));
    }
}
