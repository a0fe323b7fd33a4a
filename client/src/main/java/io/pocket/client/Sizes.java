package io.pocket.client;

import java.util.Locale;

/**
 * Parses and prints sizes and rates as Pocket writes them everywhere: sizes in binary units
 * ({@code 1k}, {@code 64k}, {@code 1m}, {@code 2g}, {@code 1t}, or plain bytes), rates as bytes per
 * second with the same suffixes ({@code 500m}) or in bits per second with a {@code bit} suffix
 * ({@code 8gbit}, {@code 100mbit}; decimal, as network rates are).
 */
public final class Sizes
{
    private Sizes()
    {
    }

    /** Parses {@code 64k}-style sizes; throws {@link InvalidArgumentException} on anything else. */
    public static long parseSize(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new InvalidArgumentException("size is empty");
        }
        final String s = text.trim().toLowerCase(Locale.ROOT);
        int end = s.length();
        long multiplier = 1;
        final char last = s.charAt(end - 1);
        String digits = s;
        if (s.endsWith("ib") || (s.endsWith("b") && s.length() > 1 && Character.isLetter(s.charAt(s.length() - 2))))
        {
            digits = s.substring(0, s.endsWith("ib") ? end - 2 : end - 1);
            end = digits.length();
            if (end == 0)
            {
                throw new InvalidArgumentException("not a size: '" + text + "' (write it like 1k, 64k, 1m, 2g)");
            }
        }
        final char unit = digits.charAt(end - 1);
        switch (unit)
        {
            case 'k': multiplier = 1L << 10; break;
            case 'm': multiplier = 1L << 20; break;
            case 'g': multiplier = 1L << 30; break;
            case 't': multiplier = 1L << 40; break;
            default:
                if (!Character.isDigit(unit))
                {
                    throw new InvalidArgumentException("not a size: '" + text + "' (write it like 1k, 64k, 1m, 2g)");
                }
        }
        final String number = multiplier == 1 ? digits : digits.substring(0, end - 1);
        return scale(parseNumber(number, text), multiplier, text);
    }

    /** Parses rates: {@code 500m} (bytes/s, binary units) or {@code 8gbit} (bits/s, decimal units). */
    public static long parseRate(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new InvalidArgumentException("rate is empty");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("/s"))
        {
            s = s.substring(0, s.length() - 2);
        }
        if (s.endsWith("bit") || s.endsWith("bps"))
        {
            final String body = s.substring(0, s.length() - 3);
            if (body.isEmpty())
            {
                throw new InvalidArgumentException("not a rate: '" + text + "' (write it like 500m or 8gbit)");
            }
            long multiplier = 1;
            String number = body;
            switch (body.charAt(body.length() - 1))
            {
                case 'k': multiplier = 1_000L; break;
                case 'm': multiplier = 1_000_000L; break;
                case 'g': multiplier = 1_000_000_000L; break;
                case 't': multiplier = 1_000_000_000_000L; break;
                default: break;
            }
            if (multiplier != 1)
            {
                number = body.substring(0, body.length() - 1);
            }
            return scale(parseNumber(number, text), multiplier, text) / 8;
        }
        try
        {
            return parseSize(s);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException("not a rate: '" + text + "' (write it like 500m or 8gbit)");
        }
    }

    private static long scale(final long value, final long multiplier, final String original)
    {
        try
        {
            return Math.multiplyExact(value, multiplier);
        }
        catch (final ArithmeticException ex)
        {
            throw new InvalidArgumentException("size out of range: '" + original + "'");
        }
    }

    private static long parseNumber(final String number, final String original)
    {
        if (number.isEmpty())
        {
            throw new InvalidArgumentException("not a size: '" + original + "' (write it like 1k, 64k, 1m, 2g)");
        }
        for (int i = 0; i < number.length(); i++)
        {
            if (!Character.isDigit(number.charAt(i)))
            {
                throw new InvalidArgumentException("not a size: '" + original + "' (write it like 1k, 64k, 1m, 2g)");
            }
        }
        try
        {
            return Long.parseLong(number);
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidArgumentException("size out of range: '" + original + "'");
        }
    }

    /** Prints a byte count in the largest binary unit that keeps one decimal, e.g. {@code 1.5g}, {@code 64k}, {@code 17}. */
    public static String format(final long bytes)
    {
        final String[] units = {"", "k", "m", "g", "t"};
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        if (unit == 0)
        {
            return Long.toString(bytes);
        }
        final String number = value == Math.rint(value) ? Long.toString((long)value) : String.format(Locale.ROOT, "%.1f", value);
        return number + units[unit];
    }
}
