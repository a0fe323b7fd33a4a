package io.pocket.controlplane.controller;

import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobInfo;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ControllerMessages.RegisterMetadata;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ControllerMessages.TierCapacity;
import io.pocket.protocol.ControllerMessages.TierUsage;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;
import io.pocket.transport.Transport;

import java.util.List;

/** Typed controller calls over a real {@link RpcClient}, as metadata servers, storage servers and clients make them. */
final class TestControllerClient implements AutoCloseable
{
    static final int BLOCK_SIZE = 64 * 1024;
    private static final long TIMEOUT_MS = 5_000;

    private final RpcClient client;

    TestControllerClient(final String address, final Transport transport)
    {
        client = RpcClient.connect(address, transport, 1 << 20, (int)TIMEOUT_MS);
    }

    RpcClient rpc()
    {
        return client;
    }

    int registerMetadata(final String address)
    {
        return registerMetadata(new RegisterMetadata(address, List.of(), List.of()));
    }

    int registerMetadata(final RegisterMetadata request)
    {
        return await(client.call(Opcodes.REGISTER_METADATA, request::encode, r ->
        {
            final int id = r.getInt();
            r.end();
            return id;
        }));
    }

    StorageRegistered registerStorage(final String host, final int port, final boolean alwaysOn, final long blocks)
    {
        return registerStorage(host, port, alwaysOn, List.of(new TierCapacity(0, BLOCK_SIZE, blocks)));
    }

    StorageRegistered registerStorage(final String host, final int port, final boolean alwaysOn,
        final List<TierCapacity> tiers)
    {
        return registerStorage(new RegisterStorage(host, port, alwaysOn, tiers));
    }

    /** A registration of the process {@code incarnation}, which held {@code previousId} before (0: none). */
    StorageRegistered registerStorage(final int port, final long incarnation, final int previousId)
    {
        return registerStorage(port, incarnation, previousId, 0);
    }

    /** The same, for a restarted process that kept the blocks of the tiers in {@code keptTiers}. */
    StorageRegistered registerStorage(final int port, final long incarnation, final int previousId, final int keptTiers)
    {
        return registerStorage(new RegisterStorage("127.0.0.1", port, true, incarnation, previousId, keptTiers,
            List.of(new TierCapacity(0, BLOCK_SIZE, 100), new TierCapacity(1, BLOCK_SIZE, 400))));
    }

    StorageRegistered registerStorage(final RegisterStorage request)
    {
        return await(client.call(Opcodes.REGISTER_STORAGE, request::encode, StorageRegistered::decode));
    }

    void metadataHeartbeat(final String address)
    {
        await(client.call(Opcodes.METADATA_HEARTBEAT, w -> w.putString(address), ResponseDecoder.EMPTY));
    }

    int heartbeat(final int serverId, final double cpu, final long usedBlocks, final long freeBlocks)
    {
        final StorageHeartbeat heartbeat = new StorageHeartbeat(serverId, cpu, 1000, 2000,
            List.of(new TierUsage(0, BLOCK_SIZE, usedBlocks, freeBlocks)));
        return await(client.call(Opcodes.STORAGE_HEARTBEAT, heartbeat::encode, r ->
        {
            final int kill = r.getByte();
            r.end();
            return kill;
        }));
    }

    JobInfo registerJob(final String name, final int lambdas, final long capacity, final long throughput)
    {
        return registerJob(new RegisterJob(name, lambdas, capacity, throughput, true));
    }

    JobInfo registerJob(final RegisterJob request)
    {
        return await(client.call(Opcodes.REGISTER_JOB, request::encode, JobInfo::decode));
    }

    JobInfo registerJob(final String name)
    {
        return registerJob(name, 0, 0, 0);
    }

    JobInfo attachJob(final String jobId)
    {
        return await(client.call(Opcodes.ATTACH_JOB, w -> w.putString(jobId), JobInfo::decode));
    }

    void deregisterJob(final String jobId)
    {
        await(client.call(Opcodes.DEREGISTER_JOB, w -> w.putString(jobId), ResponseDecoder.EMPTY));
    }

    ClusterStatus status()
    {
        return await(client.call(Opcodes.CLUSTER_STATUS, Encoder.EMPTY, ClusterStatus::decode));
    }

    private <T> T await(final java.util.concurrent.CompletableFuture<T> future)
    {
        return Futures.await(future, TIMEOUT_MS, client.address());
    }

    @Override
    public void close()
    {
        client.close();
    }
}
