package io.pocket.dataplane;

import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageLeave;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.MetadataMessages.AddCapacity;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;
import io.pocket.transport.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests of a storage server to the control plane: REGISTER_STORAGE, STORAGE_HEARTBEAT and STORAGE_LEAVE to the controller,
 * ADD_CAPACITY to metadata servers. Keeps one connection to the controller, reconnecting when it has dropped; a
 * metadata server gets a connection per offer, as offers are rare. Not thread-safe: one thread drives it.
 */
final class ControllerLink implements AutoCloseable
{
    /** The longest a stopping server waits for the controller to acknowledge its STORAGE_LEAVE. */
    static final long LEAVE_TIMEOUT_MS = 2000;

    private final String controllerAddress;
    private final Transport transport;
    private final int maxFrameLength;
    private final int connectTimeoutMs;
    private final long requestTimeoutMs;
    private RpcClient controller;

    ControllerLink(final StorageServerContext ctx, final Transport transport)
    {
        this.controllerAddress = ctx.controller();
        this.transport = transport;
        this.maxFrameLength = Math.max(ctx.maxFrameLength(), 1 << 20);
        this.connectTimeoutMs = (int)ctx.connectTimeoutMs();
        this.requestTimeoutMs = ctx.requestTimeoutMs();
    }

    String controllerAddress()
    {
        return controllerAddress;
    }

    /**
     * REGISTER_STORAGE: announce the server, who it is (its process's incarnation, the id it held before or 0, and
     * for a restarted process the mask of tiers whose blocks it kept) and the capacity of each of its tiers.
     *
     * @throws ServiceUnavailableException if the controller is unreachable or has no metadata server yet.
     */
    StorageRegistered register(final String host, final int port, final boolean alwaysOn, final long incarnation,
        final int previousServerId, final int keptTiers, final List<TierCapacity> tiers)
    {
        final RegisterStorage request =
            new RegisterStorage(host, port, alwaysOn, incarnation, previousServerId, keptTiers, tiers);
        return Futures.await(controller().call(Opcodes.REGISTER_STORAGE, request::encode, StorageRegistered::decode),
            requestTimeoutMs, controllerAddress);
    }

    /**
     * STORAGE_HEARTBEAT.
     *
     * @return true if the controller asks the server to drain and exit.
     * @throws PocketException UNKNOWN_SERVER if the controller no longer knows the server;
     *                         {@link ServiceUnavailableException} if it is unreachable.
     */
    boolean heartbeat(final StorageHeartbeat beat)
    {
        final ResponseDecoder<Boolean> kill = r ->
        {
            final boolean flag = r.getByte() != 0;
            r.end();
            return flag;
        };
        return Futures.await(controller().call(Opcodes.STORAGE_HEARTBEAT, beat::encode, kill), requestTimeoutMs,
            controllerAddress);
    }

    /**
     * STORAGE_LEAVE, waiting at most {@value #LEAVE_TIMEOUT_MS} ms: a stopping server does not wait long for a
     * controller that does not answer.
     *
     * @throws ServiceUnavailableException if the controller is unreachable or did not answer in time.
     */
    void leave(final StorageLeave request)
    {
        Futures.await(controller().call(Opcodes.STORAGE_LEAVE, request::encode, ResponseDecoder.EMPTY),
            Math.min(requestTimeoutMs, LEAVE_TIMEOUT_MS), controllerAddress);
    }

    /**
     * ADD_CAPACITY to one metadata server.
     *
     * @throws ServiceUnavailableException if it is unreachable.
     */
    void offer(final String metadataAddress, final AddCapacity offer)
    {
        try (RpcClient metadata = RpcClient.connect(metadataAddress, transport, maxFrameLength, connectTimeoutMs))
        {
            Futures.await(metadata.call(Opcodes.ADD_CAPACITY, offer::encode, ResponseDecoder.EMPTY), requestTimeoutMs,
                metadataAddress);
        }
    }

    /**
     * Offers of a block range split into contiguous shares, one per metadata server; a server whose share would be
     * empty (more metadata servers than blocks) gets none.
     */
    static List<PendingOffer> splitOffers(
        final List<String> metadataAddresses,
        final int serverId,
        final String host,
        final int port,
        final boolean alwaysOn,
        final TierCapacity tier)
    {
        final int shares = metadataAddresses.size();
        final List<PendingOffer> offers = new ArrayList<>(shares);
        long first = 0;
        for (int i = 0; i < shares; i++)
        {
            final long count = tier.blockCount() / shares + (i < tier.blockCount() % shares ? 1 : 0);
            if (count > 0)
            {
                offers.add(new PendingOffer(metadataAddresses.get(i), new AddCapacity(serverId, host, port, alwaysOn,
                    tier.tier(), tier.blockSize(), first, count)));
            }
            first += count;
        }
        return offers;
    }

    @Override
    public void close()
    {
        if (controller != null)
        {
            controller.close();
            controller = null;
        }
    }

    private RpcClient controller()
    {
        if (controller == null || !controller.isOpen())
        {
            if (controller != null)
            {
                controller.close();
                controller = null;
            }
            controller = RpcClient.connect(controllerAddress, transport, maxFrameLength, connectTimeoutMs);
        }
        return controller;
    }

    /** An ADD_CAPACITY not yet acknowledged by its metadata server. */
    record PendingOffer(String metadataAddress, AddCapacity offer)
    {
    }
}
