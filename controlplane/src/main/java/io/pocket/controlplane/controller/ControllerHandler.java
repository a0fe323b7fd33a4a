package io.pocket.controlplane.controller;

import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ControllerMessages.RegisterMetadata;
import io.pocket.protocol.ControllerMessages.RegisterStorage;
import io.pocket.protocol.ControllerMessages.StorageHeartbeat;
import io.pocket.protocol.ControllerMessages.StorageLeave;
import io.pocket.protocol.ControllerMessages.StorageRegistered;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.RequestHandler;
import io.pocket.transport.ServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * The controller's side of the protocol. On the network thread it only decodes the request (a
 * malformed one is a {@link ProtocolException} that closes the connection there); the work and the
 * answer happen on the {@link ControlLoop}, which owns every registry.
 */
final class ControllerHandler implements RequestHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(ControllerHandler.class);

    private final ControlLoop loop;
    private final ClusterMembership membership;
    private final JobCoordinator jobCoordinator;
    private final StatusSource status;

    /** Builds the CLUSTER_STATUS answer; called on the loop. */
    @FunctionalInterface
    interface StatusSource
    {
        ClusterStatus status();
    }

    ControllerHandler(final ControlLoop loop, final ClusterMembership membership, final JobCoordinator jobCoordinator,
        final StatusSource status)
    {
        this.loop = loop;
        this.membership = membership;
        this.jobCoordinator = jobCoordinator;
        this.status = status;
    }

    @Override
    public void onRequest(final ServerConnection connection, final int opcode, final long correlationId,
        final MessageReader body)
    {
        switch (opcode)
        {
            case Opcodes.REGISTER_METADATA:
            {
                final RegisterMetadata request = RegisterMetadata.decode(body);
                onLoop(connection, opcode, correlationId, () ->
                {
                    final int id = membership.registerMetadata(request);
                    connection.reply(opcode, correlationId, w -> w.putInt(id));
                });
                break;
            }
            case Opcodes.METADATA_HEARTBEAT:
            {
                final String address = body.getString();
                body.end();
                onLoop(connection, opcode, correlationId, () ->
                {
                    membership.metadataHeartbeat(address);
                    connection.reply(opcode, correlationId, Encoder.EMPTY);
                });
                break;
            }
            case Opcodes.REGISTER_STORAGE:
            {
                final RegisterStorage request = RegisterStorage.decode(body);
                onLoop(connection, opcode, correlationId, () ->
                {
                    final StorageRegistered registered = membership.registerStorage(request);
                    connection.reply(opcode, correlationId, registered::encode);
                });
                break;
            }
            case Opcodes.STORAGE_HEARTBEAT:
            {
                final StorageHeartbeat heartbeat = StorageHeartbeat.decode(body);
                onLoop(connection, opcode, correlationId, () ->
                {
                    final int kill = membership.heartbeat(heartbeat);
                    connection.reply(opcode, correlationId, w -> w.putByte(kill));
                });
                break;
            }
            case Opcodes.STORAGE_LEAVE:
            {
                final StorageLeave request = StorageLeave.decode(body);
                onLoop(connection, opcode, correlationId, () ->
                {
                    membership.leave(request);
                    connection.reply(opcode, correlationId, Encoder.EMPTY);
                });
                break;
            }
            case Opcodes.REGISTER_JOB:
            {
                final RegisterJob request = RegisterJob.decode(body);
                onLoop(connection, opcode, correlationId,
                    () -> jobCoordinator.register(connection, correlationId, request));
                break;
            }
            case Opcodes.ATTACH_JOB:
            {
                final String jobId = body.getString();
                body.end();
                onLoop(connection, opcode, correlationId,
                    () -> jobCoordinator.attach(connection, correlationId, jobId));
                break;
            }
            case Opcodes.DEREGISTER_JOB:
            {
                final String jobId = body.getString();
                body.end();
                onLoop(connection, opcode, correlationId,
                    () -> jobCoordinator.deregister(connection, correlationId, jobId));
                break;
            }
            case Opcodes.CLUSTER_STATUS:
            {
                body.end();
                onLoop(connection, opcode, correlationId, () ->
                {
                    final ClusterStatus clusterStatus = status.status();
                    connection.reply(opcode, correlationId, clusterStatus::encode);
                });
                break;
            }
            default:
                throw new ProtocolException("the controller does not serve " + Opcodes.name(opcode));
        }
    }

    /** Runs {@code task} on the control loop; an exception it throws becomes the error answer. */
    private void onLoop(final ServerConnection connection, final int opcode, final long correlationId,
        final Runnable task)
    {
        try
        {
            loop.execute(() ->
            {
                try
                {
                    task.run();
                }
                catch (final PocketException ex)
                {
                    connection.replyError(opcode, correlationId, ex.code(), ex.getMessage());
                }
                catch (final RuntimeException ex)
                {
                    LOG.warn("{} from {} failed", Opcodes.name(opcode), connection, ex);
                    connection.replyError(opcode, correlationId, ErrorCode.INTERNAL_ERROR, String.valueOf(ex));
                }
            });
        }
        catch (final RejectedExecutionException ex)
        {
            connection.replyError(opcode, correlationId, ErrorCode.SERVICE_UNAVAILABLE, "the controller is closing");
        }
    }
}
