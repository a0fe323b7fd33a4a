package io.pocket.dataplane;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.Sizes;

import java.util.Locale;
import java.util.Properties;

/**
 * Parsing and checks for configuration values; every failure is an {@link InvalidArgumentException} whose message
 * starts with the property name.
 */
final class ContextValues
{
    private ContextValues()
    {
    }

    static long number(final Properties properties, final String prop, final long defaultValue)
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

    static boolean bool(final Properties properties, final String prop, final boolean defaultValue)
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

    static long size(final String prop, final String text)
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

    static void require(final boolean ok, final String prop, final String rule, final long value)
    {
        if (!ok)
        {
            throw new InvalidArgumentException(prop + ": " + rule + ", got " + value);
        }
    }

    static void requireText(final String value, final String prop)
    {
        if (value == null || value.isBlank())
        {
            throw new InvalidArgumentException(prop + ": must not be empty");
        }
    }
}
