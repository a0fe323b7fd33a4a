package io.pocket.bench;

import io.pocket.client.InvalidArgumentException;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Parses and prints durations as the bench command takes them: {@code 500ms}, {@code 10s},
 * {@code 2m}, {@code 1h}, or a plain whole number of seconds.
 */
public final class Durations
{
    private Durations()
    {
    }

    /**
     * @param option the option being parsed, named in the error message
     * @param text   the duration as written
     * @return the duration in nanoseconds, at least 0
     * @throws InvalidArgumentException starting with {@code option} when the text is not a duration
     */
    public static long parseNanos(final String option, final String text)
    {
        if (text == null || text.isBlank())
        {
            throw invalid(option, text);
        }
        final String s = text.trim().toLowerCase(Locale.ROOT);
        final TimeUnit unit;
        final long multiplier;
        final String digits;
        if (s.endsWith("ms"))
        {
            unit = TimeUnit.MILLISECONDS;
            multiplier = 1;
            digits = s.substring(0, s.length() - 2);
        }
        else if (s.endsWith("s"))
        {
            unit = TimeUnit.SECONDS;
            multiplier = 1;
            digits = s.substring(0, s.length() - 1);
        }
        else if (s.endsWith("m"))
        {
            unit = TimeUnit.SECONDS;
            multiplier = 60;
            digits = s.substring(0, s.length() - 1);
        }
        else if (s.endsWith("h"))
        {
            unit = TimeUnit.SECONDS;
            multiplier = 3600;
            digits = s.substring(0, s.length() - 1);
        }
        else
        {
            unit = TimeUnit.SECONDS;
            multiplier = 1;
            digits = s;
        }

        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit))
        {
            throw invalid(option, text);
        }
        return unit.toNanos(Long.parseLong(digits) * multiplier);
    }

    /** Prints nanoseconds compactly: {@code 10s}, {@code 1500ms}, {@code 2m}. */
    public static String format(final long nanos)
    {
        final long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (millis % 60_000 == 0 && millis > 0)
        {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0)
        {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static InvalidArgumentException invalid(final String option, final String text)
    {
        return new InvalidArgumentException(
            option + ": not a duration: '" + text + "' (write it like 500ms, 10s, 1m or a number of seconds)");
    }
}
