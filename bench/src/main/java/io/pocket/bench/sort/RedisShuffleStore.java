package io.pocket.bench.sort;

import io.pocket.transport.HostPort;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link ShuffleStore} on Redis through Jedis: a pool with a connection per concurrent task,
 * {@code SET} for puts and {@code GETDEL} (read and delete in one command, Redis 6.2+) for the
 * read-once gets. Keys are {@code <prefix><key>}.
 */
public final class RedisShuffleStore implements ShuffleStore
{
    private static final int TIMEOUT_MS = 60_000;

    private final JedisPool pool;
    private final String prefix;

    /**
     * @param address     HOST:PORT of the Redis server
     * @param connections most connections, one per concurrent task
     * @param prefix      prefix of every key, e.g. {@code sort/}
     */
    public RedisShuffleStore(final String address, final int connections, final String prefix)
    {
        final HostPort hostPort = HostPort.parse(address);
        final GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(connections);
        poolConfig.setMaxIdle(connections);
        this.pool = new JedisPool(poolConfig, new HostAndPort(hostPort.host(), hostPort.port()),
            DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS)
                .autoNegotiateProtocol(false)
                .build());
        this.prefix = prefix;
        try (Jedis jedis = pool.getResource())
        {
            jedis.ping();
        }
        catch (final RuntimeException ex)
        {
            pool.close();
            throw ex;
        }
    }

    @Override
    public String name()
    {
        return "redis";
    }

    @Override
    public void put(final String key, final ByteBuffer data)
    {
        final byte[] value = ShuffleBytes.exactArray(data);
        try (Jedis jedis = pool.getResource())
        {
            jedis.set(encode(key), value);
        }
    }

    @Override
    public ByteBuffer getAndDelete(final String key)
    {
        final byte[] value;
        try (Jedis jedis = pool.getResource())
        {
            value = jedis.getDel(encode(key));
        }
        if (value == null)
        {
            throw new IllegalStateException("redis: no shuffle object " + prefix + key);
        }
        return ByteBuffer.wrap(value);
    }

    @Override
    public void close()
    {
        pool.close();
    }

    private byte[] encode(final String key)
    {
        return (prefix + key).getBytes(StandardCharsets.UTF_8);
    }
}
