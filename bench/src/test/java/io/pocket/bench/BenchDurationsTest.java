package io.pocket.bench;

import io.pocket.client.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durations as {@code --duration} and {@code --warmup} take them. */
class BenchDurationsTest
{
    @Test
    void parsesUnitsAndPlainSeconds()
    {
        assertEquals(TimeUnit.SECONDS.toNanos(10), Durations.parseNanos("--duration", "10s"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(500), Durations.parseNanos("--duration", "500ms"));
        assertEquals(TimeUnit.MINUTES.toNanos(1), Durations.parseNanos("--duration", "1m"));
        assertEquals(TimeUnit.HOURS.toNanos(2), Durations.parseNanos("--duration", "2h"));
        assertEquals(TimeUnit.SECONDS.toNanos(15), Durations.parseNanos("--duration", "15"));
        assertEquals(TimeUnit.SECONDS.toNanos(3), Durations.parseNanos("--duration", " 3S "));
        assertEquals(0, Durations.parseNanos("--warmup", "0s"));
        assertEquals(0, Durations.parseNanos("--warmup", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "s", "ms", "10x", "-1s", "1.5s", "ten", "10 s", "99999999999999s"})
    void rejectsWhatIsNotADuration(final String text)
    {
        final InvalidArgumentException ex =
            assertThrows(InvalidArgumentException.class, () -> Durations.parseNanos("--warmup", text));

        assertTrue(ex.getMessage().startsWith("--warmup: not a duration: '" + text + "'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("500ms, 10s, 1m"), ex.getMessage());
    }

    @Test
    void formatsCompactly()
    {
        assertEquals("10s", Durations.format(TimeUnit.SECONDS.toNanos(10)));
        assertEquals("500ms", Durations.format(TimeUnit.MILLISECONDS.toNanos(500)));
        assertEquals("2m", Durations.format(TimeUnit.MINUTES.toNanos(2)));
        assertEquals("0s", Durations.format(0));
    }
}
