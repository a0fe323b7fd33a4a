package io.pocket.controlplane.controller;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ControllerMessages.ServerBack;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.ConnectionPool;
import io.pocket.transport.Encoder;
import io.pocket.transport.HostPort;
import io.pocket.transport.ResponseDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The registry of metadata servers and the controller's calls to them. Registration and the
 * round-robin choice run on the control loop. Calls never block their caller: connecting (which
 * {@link ConnectionPool#get} does synchronously) happens on the {@code connector} executor, and the
 * returned future fails with a typed exception naming the server, after at most the request timeout.
 */
final class MetadataServers
{
    private static final Logger LOG = LoggerFactory.getLogger(MetadataServers.class);

    /** One registered metadata server. */
    record MetadataServer(int id, String address)
    {
    }

    private final List<MetadataServer> servers = new ArrayList<>();
    /** Per metadata server, the last SERVER_LOST or SERVER_BACK sent: the next waits for it, so they arrive in order. */
    private final Map<String, CompletableFuture<Void>> lastNotice = new HashMap<>();
    private final ConnectionPool pool;
    private final Executor connector;
    private final long requestTimeoutMs;
    private int nextId = 1;
    private int roundRobin;

    MetadataServers(final ConnectionPool pool, final Executor connector, final long requestTimeoutMs)
    {
        this.pool = pool;
        this.connector = connector;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /**
     * Adds a metadata server under a fresh id. A server registering again at the same address
     * (a restart) replaces its old entry.
     */
    MetadataServer register(final String address)
    {
        final String normalized = address == null ? null : address.trim();
        final HostPort hostPort;
        try
        {
            hostPort = HostPort.parse(normalized);
        }
        catch (final InvalidArgumentException ex)
        {
            throw new InvalidArgumentException("metadata server " + ex.getMessage());
        }
        servers.removeIf(s -> s.address().equals(normalized));
        final MetadataServer server = new MetadataServer(nextId++, normalized);
        servers.add(server);
        LOG.info("metadata server {} registered at {}", server.id(), hostPort);
        return server;
    }

    boolean isEmpty()
    {
        return servers.isEmpty();
    }

    /** Whether a metadata server is registered at {@code address}. */
    boolean isRegistered(final String address)
    {
        final String normalized = address == null ? null : address.trim();
        for (final MetadataServer s : servers)
        {
            if (s.address().equals(normalized))
            {
                return true;
            }
        }
        return false;
    }

    /** Addresses of every registered metadata server, in registration order. */
    List<String> addresses()
    {
        final List<String> addresses = new ArrayList<>(servers.size());
        for (final MetadataServer s : servers)
        {
            addresses.add(s.address());
        }
        return addresses;
    }

    /** The next metadata server in round-robin order, or null if none is registered. */
    MetadataServer next()
    {
        if (servers.isEmpty())
        {
            return null;
        }
        final MetadataServer server = servers.get(roundRobin % servers.size());
        roundRobin = (roundRobin + 1) % servers.size();
        return server;
    }

    /**
     * Sends a request to the metadata server at {@code address}. The future completes on a
     * network thread with the decoded answer, or fails with the server's typed error or a
     * {@link ServiceUnavailableException} naming it (unreachable, connection lost, timed out).
     */
    <T> CompletableFuture<T> call(final String address, final int opcode, final Encoder request,
        final ResponseDecoder<T> decoder)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        try
        {
            CompletableFuture.supplyAsync(() -> pool.get(address), connector)
                .thenCompose(client -> client.call(opcode, request, decoder))
                .orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((value, failure) ->
                {
                    if (failure == null)
                    {
                        result.complete(value);
                    }
                    else
                    {
                        result.completeExceptionally(failure(address, opcode, failure));
                    }
                });
        }
        catch (final RejectedExecutionException ex)
        {
            result.completeExceptionally(new ServiceUnavailableException("the controller is closing"));
        }
        return result;
    }

    /** Tells every metadata server that a storage server is lost; failures are logged, not retried. */
    void notifyServerLost(final int serverId)
    {
        notifyAll(Opcodes.SERVER_LOST, serverId, w -> w.putInt(serverId), "lost");
    }

    /** Tells every metadata server that a storage server left cleanly: its blocks are gone, as for a lost one. */
    void notifyServerLeft(final int serverId)
    {
        notifyAll(Opcodes.SERVER_LEFT, serverId, w -> w.putInt(serverId), "left");
    }

    /**
     * Tells every metadata server that a storage server is back with the blocks of the tiers in {@code keptTiers}
     * ({@link ServerBack#ALL_TIERS}: the same process, every block intact).
     */
    void notifyServerBack(final int serverId, final int keptTiers)
    {
        notifyAll(Opcodes.SERVER_BACK, serverId, new ServerBack(serverId, keptTiers)::encode, "back");
    }

    /** Sends a notice about a storage server to every metadata server, after the notices sent to it before. */
    private void notifyAll(final int opcode, final int serverId, final Encoder body, final String what)
    {
        for (final MetadataServer s : servers)
        {
            final CompletableFuture<Void> previous =
                lastNotice.getOrDefault(s.address(), CompletableFuture.completedFuture(null));
            final CompletableFuture<Void> notice = previous
                .thenCompose(ignored -> call(s.address(), opcode, body, ResponseDecoder.EMPTY))
                .handle((ok, failure) ->
                {
                    if (failure != null)
                    {
                        LOG.warn("cannot tell metadata server {} that storage server {} is {}: {}", s.address(),
                            serverId, what, unwrap(failure).getMessage());
                    }
                    return null;
                });
            lastNotice.put(s.address(), notice);
        }
    }

    private PocketException failure(final String address, final int opcode, final Throwable failure)
    {
        final Throwable cause = unwrap(failure);
        if (cause instanceof PocketException)
        {
            return (PocketException)cause;
        }
        if (cause instanceof TimeoutException)
        {
            return new ServiceUnavailableException("metadata server " + address + " did not answer " +
                Opcodes.name(opcode) + " within " + requestTimeoutMs + " ms");
        }
        return new ServiceUnavailableException("metadata server " + address + " failed " + Opcodes.name(opcode) + ": " +
            cause, cause);
    }

    /** The exception inside completion wrappers. */
    static Throwable unwrap(final Throwable failure)
    {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null)
        {
            t = t.getCause();
        }
        return t;
    }
}
