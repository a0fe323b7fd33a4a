package io.pocket.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NamesTest
{
    @Test
    void acceptsValidNames()
    {
        assertEquals("sort_1.a-b", Names.checkJobName("sort_1.a-b"));
        assertEquals("o", Names.checkObjectName("o"));
        assertEquals("b/o", Names.checkObjectName("b/o"));
        assertEquals("b", Names.checkBucketName("b"));
        assertEquals("", Names.checkEnumerable(""));
        assertEquals("sort-3", Names.checkJobId("sort-3"));
    }

    @Test
    void rejectsBadJobNames()
    {
        assertThrows(InvalidArgumentException.class, () -> Names.checkJobName(null));
        assertThrows(InvalidArgumentException.class, () -> Names.checkJobName(""));
        assertThrows(InvalidArgumentException.class, () -> Names.checkJobName("a b"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkJobName("a/b"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkJobName("x".repeat(65)));
        assertThrows(InvalidArgumentException.class, () -> Names.checkJobId(""));
    }

    @Test
    void rejectsBadObjectNames()
    {
        assertThrows(InvalidArgumentException.class, () -> Names.checkObjectName(null));
        assertThrows(InvalidArgumentException.class, () -> Names.checkObjectName(""));
        assertThrows(InvalidArgumentException.class, () -> Names.checkObjectName("/o"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkObjectName("b/"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkObjectName("a/b/c"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkObjectName("a\0b"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkObjectName("o".repeat(513)));
    }

    @Test
    void rejectsBadBucketNames()
    {
        assertThrows(InvalidArgumentException.class, () -> Names.checkBucketName(""));
        assertThrows(InvalidArgumentException.class, () -> Names.checkBucketName("a/b"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkEnumerable("a/b"));
        assertThrows(InvalidArgumentException.class, () -> Names.checkEnumerable(null));
    }

    @Test
    void makesListedNamesFull()
    {
        assertEquals("o", Names.fullName("", "o"));
        assertEquals("b/o", Names.fullName("b", "o"));
        assertEquals("b/o", Names.fullName("b", "b/o"));
    }
}
