package io.pocket.controlplane.metadata;

import io.pocket.controlplane.metadata.core.AllocatedBlock;
import io.pocket.protocol.BlockRefFlyweight;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.ResponseDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Tells storage servers which blocks were freed: groups freed blocks by server and sends one
 * FREE_BLOCKS per server, asynchronously. A server that cannot be reached is logged and skipped:
 * the metadata server already owns the blocks again, and a lost server's blocks are void anyway.
 */
final class BlockFreer
{
    private static final Logger LOG = LoggerFactory.getLogger(BlockFreer.class);
    /** Keeps a FREE_BLOCKS frame under 4 KiB, below every storage server's frame limit (block size + 4 KiB). */
    private static final int MAX_REFS_PER_MESSAGE = 96;

    private final ConnectionPool pool;
    private final Executor executor;
    private final Map<Integer, String> serverAddresses = new ConcurrentHashMap<>();

    /**
     * @param executor runs the sends, which may have to connect: never an event loop
     */
    BlockFreer(final ConnectionPool pool, final Executor executor)
    {
        this.pool = pool;
        this.executor = executor;
    }

    void serverAddress(final int serverId, final String address)
    {
        serverAddresses.put(serverId, address);
    }

    String serverAddress(final int serverId)
    {
        return serverAddresses.get(serverId);
    }

    /** Frees {@code blocks} on their storage servers; returns at once. */
    void free(final List<AllocatedBlock> blocks)
    {
        if (blocks.isEmpty())
        {
            return;
        }
        final Map<Integer, List<AllocatedBlock>> byServer = new HashMap<>();
        for (final AllocatedBlock ref : blocks)
        {
            byServer.computeIfAbsent(ref.serverId(), id -> new ArrayList<>()).add(ref);
        }
        executor.execute(() -> byServer.forEach(this::send));
    }

    private void send(final int serverId, final List<AllocatedBlock> refs)
    {
        final String address = serverAddresses.get(serverId);
        if (address == null)
        {
            LOG.warn("cannot free {} blocks on storage server {}: its address is unknown", refs.size(), serverId);
            return;
        }
        try
        {
            for (int from = 0; from < refs.size(); from += MAX_REFS_PER_MESSAGE)
            {
                final List<AllocatedBlock> part = refs.subList(from, Math.min(refs.size(), from + MAX_REFS_PER_MESSAGE));
                pool.get(address).call(Opcodes.FREE_BLOCKS, w ->
                {
                    w.putInt(part.size());
                    for (final AllocatedBlock ref : part)
                    {
                        w.ensure(BlockRefFlyweight.LENGTH);
                        BlockRefFlyweight.write(w.buffer(), w.position(), ref.serverId(), ref.tier(), ref.blockId(),
                            ref.generation(), 0);
                        w.skip(BlockRefFlyweight.LENGTH);
                    }
                }, ResponseDecoder.EMPTY).whenComplete((ok, failure) ->
                {
                    if (failure != null)
                    {
                        LOG.warn("freeing {} blocks on storage server {} at {} failed: {}", part.size(), serverId, address,
                            failure.getMessage());
                    }
                });
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("cannot free {} blocks on storage server {} at {}: {}", refs.size(), serverId, address, ex.getMessage());
        }
    }
}
