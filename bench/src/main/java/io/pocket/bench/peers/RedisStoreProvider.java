package io.pocket.bench.peers;

import io.pocket.transport.HostPort;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Redis through Jedis: one blocking connection per client thread (Jedis connections are not
 * thread-safe), {@code SET}, {@code GET} and {@code DEL} on binary keys and values. A get returns the
 * fresh array Jedis reads the reply into.
 */
public final class RedisStoreProvider implements StoreProvider
{
    /** Socket timeout, long enough for a 16 MiB value under 64 clients on a busy machine. */
    public static final int TIMEOUT_MS = 30_000;

    private final HostAndPort address;
    private final JedisClientConfig config;

    /**
     * Checks that Redis answers at {@code address} (one PING).
     *
     * @param address HOST:PORT of the server
     */
    public RedisStoreProvider(final String address)
    {
        final HostPort hostPort = HostPort.parse(address);
        this.address = new HostAndPort(hostPort.host(), hostPort.port());
        this.config = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(TIMEOUT_MS)
            .socketTimeoutMillis(TIMEOUT_MS)
            .autoNegotiateProtocol(false)
            .build();
        try (Jedis jedis = new Jedis(this.address, config))
        {
            jedis.ping();
        }
    }

    @Override
    public String system()
    {
        return "redis";
    }

    @Override
    public Store open(final int maxValueLength)
    {
        return new RedisStore(new Jedis(address, config));
    }

    @Override
    public void close()
    {
        // Nothing shared: every store owns its connection.
    }

    /** One Jedis connection. */
    static final class RedisStore implements Store
    {
        private final Jedis jedis;

        RedisStore(final Jedis jedis)
        {
            this.jedis = jedis;
        }

        @Override
        public void put(final String key, final byte[] value, final int length)
        {
            jedis.set(encode(key), length == value.length ? value : Arrays.copyOf(value, length));
        }

        @Override
        public ByteBuffer get(final String key)
        {
            final byte[] value = jedis.get(encode(key));
            return value == null ? null : ByteBuffer.wrap(value);
        }

        @Override
        public boolean delete(final String key)
        {
            return jedis.del(encode(key)) > 0;
        }

        @Override
        public void close()
        {
            jedis.close();
        }

        private static byte[] encode(final String key)
        {
            return key.getBytes(StandardCharsets.UTF_8);
        }
    }
}
