package io.pocket.transport;

import io.pocket.client.InvalidArgumentException;

/** A {@code host:port} address. */
public record HostPort(String host, int port)
{
    public static HostPort parse(final String address)
    {
        if (address == null)
        {
            throw new InvalidArgumentException("address is missing");
        }
        final int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1)
        {
            throw new InvalidArgumentException("address must be HOST:PORT, got '" + address + "'");
        }
        final int port;
        try
        {
            port = Integer.parseInt(address.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidArgumentException("bad port in address '" + address + "'");
        }
        if (port < 1 || port > 65535)
        {
            throw new InvalidArgumentException("port out of range in address '" + address + "'");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString()
    {
        return host + ":" + port;
    }
}
