package io.pocket.client;

/**
 * Where a storage server listens, as a metadata server's SERVER_ADDRESS answer gave it.
 *
 * @param serverId the id the controller assigned; never reused
 * @param address  HOST:PORT for the connection pool
 * @param label    "storage server 3 at host:port", for messages
 */
record StorageAddress(int serverId, String address, String label)
{
    static StorageAddress of(final int serverId, final String host, final int port)
    {
        final String address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return new StorageAddress(serverId, address, "storage server " + serverId + " at " + address);
    }
}
