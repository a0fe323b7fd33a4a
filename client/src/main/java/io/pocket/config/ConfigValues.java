package io.pocket.config;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;

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

    /** Fails unless {@code value} has text. */
    public static void requireText(final String value, final String prop)
    {
        if (value == null || value.isBlank())
        {
            throw new InvalidArgumentException(prop + ": must not be empty");
        }
    }
}
