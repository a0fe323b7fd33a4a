package io.pocket.bench.peers;

import picocli.CommandLine.Option;

/** Picocli mixin: the addresses of the running Pocket, Redis and memcached servers, each null if not given. */
public final class PeerServers
{
    @Option(names = "--pocket", paramLabel = "HOST:PORT", description = "Pocket controller.")
    private String pocket;

    @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Redis server.")
    private String redis;

    @Option(names = "--memcached", paramLabel = "HOST:PORT", description = "memcached server.")
    private String memcached;

    public String pocket()
    {
        return pocket;
    }

    public String redis()
    {
        return redis;
    }

    public String memcached()
    {
        return memcached;
    }
}
