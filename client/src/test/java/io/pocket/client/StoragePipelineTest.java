package io.pocket.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How answers retire the requests of a window: by connection and id, and quiet ones by a later answer. */
class StoragePipelineTest
{
    private final StoragePipeline pipeline = new StoragePipeline(null, 8);

    @Test
    void anAnswerRetiresItsRequestAndTheQuietOnesSentBeforeItOnItsConnectionOnly()
    {
        pipeline.queued(0, 0, 11, true);
        pipeline.queued(1, 1, 21, true);
        pipeline.queued(2, 0, 12, false);
        pipeline.queued(3, 0, 13, true);
        pipeline.queued(4, 1, 22, false);
        pipeline.queued(5, 0, 14, false);

        assertEquals(5, pipeline.match(0, 14, 0, 6), "answers may come in any order");
        assertTrue(pipeline.isAnswered(0));
        assertTrue(pipeline.isAnswered(3));
        assertFalse(pipeline.isAnswered(2), "a request sent plainly waits for its own answer");
        assertFalse(pipeline.isAnswered(1), "another connection's quiet request");
        assertFalse(pipeline.isAnswered(4));

        assertEquals(2, pipeline.match(0, 12, 0, 6));
        assertEquals(-1, pipeline.match(0, 12, 0, 6), "answered twice");
        assertEquals(-1, pipeline.match(0, 13, 0, 6), "a quiet request retired already is not awaited");
        assertEquals(4, pipeline.match(1, 22, 0, 6));
        assertTrue(pipeline.isAnswered(1));
    }

    @Test
    void slotsAreReusedAcrossTheWindow()
    {
        for (long seq = 0; seq < 20; seq++)
        {
            pipeline.queued(seq, 0, 100 + seq, seq % 3 != 2);
            if (seq % 3 == 2)
            {
                assertEquals(seq, pipeline.match(0, 100 + seq, seq - 2, seq + 1));
                assertTrue(pipeline.isAnswered(seq - 2) && pipeline.isAnswered(seq - 1));
            }
        }
    }
}
