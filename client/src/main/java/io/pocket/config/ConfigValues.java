package io.pocket.config;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;

import java.util.Collection;
import java.util.Locale;
import java.util.Properties;

/**
 * Parsing and checks for the configuration values of every component's context; every failure
 * is an {@link InvalidArgumentException} whose message starts with the property name.
 */
public final class ConfigValues
{
    private ConfigValues()
    {
    }

    /** The property as a whole number, or {@code defaultValue} when it is absent. */
    public static long number(final Properties properties, final String prop, final long defaultValue)
    {
        final String value = properties.getProperty(prop);
        if (value == null)
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidArgumentException(prop + ": not a number: '" + value + "'");
        }
    }

    /** The property as {@code true} or {@code false}, or {@code defaultValue} when it is absent. */
    public static boolean bool(final Properties properties, final String prop, final boolean defaultValue)
    {
        final String value = properties.getProperty(prop);
        if (value == null)
        {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new InvalidArgumentException(prop + ": must be true or false, got '" + value + "'");
        }
    }

    /** The property as an int, or {@code defaultValue} when it is absent. */
    public static int intNumber(final Properties properties, final String prop, final int defaultValue)
    {
        final long value = number(properties, prop, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw new InvalidArgumentException(prop + ": out of range, got " + value);
        }
        return (int)value;
    }

    /** Fails with {@code prop: message} unless {@code ok}. */
    public static void check(final boolean ok, final String prop, final String message)
    {
        if (!ok)
        {
            throw new InvalidArgumentException(prop + ": " + message);
        }
    }

    /** The property as a size written like {@code 64k}, or {@code defaultValue} when it is absent. */
    public static long size(final Properties properties, final String prop, final long defaultValue)
    {
        final String value = properties.getProperty(prop);
        return value == null ? defaultValue : size(prop, value);
    }

    /** The property as a size of at most {@link Integer#MAX_VALUE} bytes, or {@code defaultValue} when it is absent. */
    public static int intSize(final Properties properties, final String prop, final int defaultValue)
    {
        final long bytes = size(properties, prop, defaultValue);
        check(bytes <= Integer.MAX_VALUE, prop, "too large, got " + bytes);
        return (int)bytes;
    }

    /** The property trimmed, or {@code defaultValue} when it is absent. */
    public static String text(final Properties properties, final String prop, final String defaultValue)
    {
        final String value = properties.getProperty(prop);
        return value == null ? defaultValue : value.trim();
    }

    /** A size written like {@code 64k}, the error naming {@code prop}. */
    public static long size(final String prop, final String text)
    {
        try
        {
            return Sizes.parseSize(text);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException(prop + ": " + ex.getMessage());
        }
        catch (final ArithmeticException ex)
        {
            throw new InvalidArgumentException(prop + ": size out of range: '" + text + "'");
        }
    }

    /** Fails with {@code prop: rule, got value} unless {@code ok}. */
    public static void require(final boolean ok, final String prop, final String rule, final long value)
    {
        if (!ok)
        {
            throw new InvalidArgumentException(prop + ": " + rule + ", got " + value);
        }
    }

    /**
     * Refuses every key of {@code properties} under {@code prefix} that is not in {@code known}: a typo or an old
     * spelling. The message names the key and, when one is close, the key meant.
     */
    public static void refuseUnknown(final Properties properties, final String prefix, final Collection<String> known)
    {
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith(prefix) && !known.contains(key))
            {
                throw unknown(key, known);
            }
        }
    }

    /** The error for an unknown key, with the nearest of {@code known} as a suggestion when one is close. */
    public static InvalidArgumentException unknown(final String key, final Collection<String> known)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        final String plain = plain(key);
        for (final String candidate : known)
        {
            final int distance = distance(plain, plain(candidate));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        final boolean close = best != null && bestDistance <= Math.max(2, plain.length() / 8);
        return new InvalidArgumentException(key + ": unknown option" + (close ? "; did you mean " + best + "?" : ""));
    }

    /** An option's enum value as a property's text (its name in lower case), empty for none. */
    public static String text(final Enum<?> value)
    {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
    }

    /** A size as text that parses back to exactly {@code bytes}: {@code 64k}, {@code 1g}, or plain bytes. */
    public static String exactSize(final long bytes)
    {
        final String[] units = {"t", "g", "m", "k"};
        for (int i = 0; i < units.length; i++)
        {
            final long unit = 1L << (10 * (units.length - i));
            if (bytes != 0 && bytes % unit == 0)
            {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** The key lower-cased without dots, dashes and underscores, so old dotted spellings match camelCase ones. */
    private static String plain(final String key)
    {
        return key.toLowerCase(Locale.ROOT).replaceAll("[._-]", "");
    }

    private static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Fails unless {@code value} has text. */
    public static void requireText(final String value, final String prop)
    {
        if (value == null || value.isBlank())
        {
            throw new InvalidArgumentException(prop + ": must not be empty");
        }
    }
}
