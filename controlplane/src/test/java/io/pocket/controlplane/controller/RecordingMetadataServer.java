package io.pocket.controlplane.controller;

import io.pocket.client.ProtocolException;
import io.pocket.protocol.ControllerMessages.ServerBack;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MetadataMessages.CreateJob;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.RpcServer;
import io.pocket.transport.ServerConnection;
import io.pocket.transport.Transport;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test peer that speaks the metadata server's side of the controller flows over real TCP:
 * it answers CREATE_JOB, FREE_JOB, SERVER_LOST and SERVER_BACK and records what it got. It keeps no namespace.
 */
final class RecordingMetadataServer implements AutoCloseable
{
    private static final long WAIT_MS = 5_000;

    final BlockingQueue<JobWeights> createdJobs = new LinkedBlockingQueue<>();
    final BlockingQueue<String> freedJobs = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> lostServers = new LinkedBlockingQueue<>();
    /** SERVER_LOST as -id and SERVER_BACK as +id, in the order they arrived. */
    final BlockingQueue<Integer> notices = new LinkedBlockingQueue<>();
    /** The kept-tiers mask of each SERVER_BACK, in order. */
    final BlockingQueue<Integer> keptTiers = new LinkedBlockingQueue<>();
    /** When set, FREE_JOB is answered with this error instead. */
    volatile ErrorCode failFreeJob;
    /** When set, CREATE_JOB is recorded but never answered. */
    volatile boolean ignoreCreateJob;
    /** Number of blocks FREE_JOB says it freed. */
    volatile long freedBlocks = 7;

    private final Transport transport;
    private final RpcServer server;

    RecordingMetadataServer()
    {
        transport = Transport.create(Transport.Kind.NIO, 1, "test-metadata");
        try
        {
            server = new RpcServer("test metadata", transport, "127.0.0.1", 0, 1 << 20, this::onRequest);
        }
        catch (final RuntimeException ex)
        {
            transport.close();
            throw ex;
        }
    }

    private void onRequest(final ServerConnection connection, final int opcode, final long id, final MessageReader body)
    {
        switch (opcode)
        {
            case Opcodes.CREATE_JOB:
                createdJobs.add(CreateJob.decode(body).placement());
                if (!ignoreCreateJob)
                {
                    connection.reply(opcode, id, Encoder.EMPTY);
                }
                break;
            case Opcodes.FREE_JOB:
            {
                final String jobId = body.getString();
                body.end();
                final ErrorCode failure = failFreeJob;
                if (failure != null)
                {
                    connection.replyError(opcode, id, failure, "disk on fire");
                    break;
                }
                freedJobs.add(jobId);
                final long freed = freedBlocks;
                connection.reply(opcode, id, w -> w.putLong(freed));
                break;
            }
            case Opcodes.SERVER_LOST:
            {
                final int serverId = body.getInt();
                body.end();
                lostServers.add(serverId);
                notices.add(-serverId);
                connection.reply(opcode, id, Encoder.EMPTY);
                break;
            }
            case Opcodes.SERVER_BACK:
            {
                final ServerBack back = ServerBack.decode(body);
                keptTiers.add(back.keptTiers());
                notices.add(back.serverId());
                connection.reply(opcode, id, Encoder.EMPTY);
                break;
            }
            default:
                throw new ProtocolException("test metadata server does not serve " + Opcodes.name(opcode));
        }
    }

    String address()
    {
        return "127.0.0.1:" + server.port();
    }

    JobWeights nextCreatedJob() throws InterruptedException
    {
        return createdJobs.poll(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    String nextFreedJob() throws InterruptedException
    {
        return freedJobs.poll(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** The next SERVER_LOST (as -id) or SERVER_BACK (as +id), or null after a wait. */
    Integer nextNotice() throws InterruptedException
    {
        return notices.poll(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    Integer nextLostServer() throws InterruptedException
    {
        return lostServers.poll(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close()
    {
        server.close();
        transport.close();
    }
}
