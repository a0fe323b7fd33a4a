package io.pocket.controlplane.metadata;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.ObjectInfo;
import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.controlplane.metadata.core.AllocatedBlock;
import io.pocket.controlplane.metadata.core.DeleteLease;
import io.pocket.controlplane.metadata.core.InlineStore;
import io.pocket.controlplane.metadata.core.MetadataStore;
import io.pocket.controlplane.metadata.core.ObjectLocation;
import io.pocket.controlplane.metadata.core.WeightMap;
import io.pocket.controlplane.metadata.core.WriteGrant;
import io.pocket.protocol.BlockRefFlyweight;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.MetadataMessages;
import io.pocket.protocol.MetadataMessages.AddCapacity;
import io.pocket.protocol.MetadataMessages.AllocateBlocks;
import io.pocket.protocol.MetadataMessages.CreateObject;
import io.pocket.protocol.MetadataMessages.CreateJob;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.MetadataMessages.NameRequest;
import io.pocket.protocol.MetadataMessages.PutInline;
import io.pocket.protocol.MetadataMessages.SealObject;
import io.pocket.protocol.ControllerMessages.ServerBack;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.HostPort;
import io.pocket.transport.RequestHandler;
import io.pocket.transport.ServerConnection;
import org.agrona.UnsafeAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Decodes metadata requests, applies them to the {@link MetadataStore} and encodes the answers.
 * Every freeing operation hands its blocks to the {@link BlockFreer}. Runs on the event loops;
 * the store's operations are short and never wait on the network.
 */
final class MetadataRequestHandler implements RequestHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(MetadataRequestHandler.class);

    /** LOOKUP answer bytes before an inline object's data: size, persistent, block size, read token, 0 blocks, inline. */
    private static final int INLINE_HEAD_LENGTH = 8 + 1 + 4 + 8 + 4 + 1;
    private static final Encoder STORED = w -> w.putBoolean(true);
    private static final Encoder NOT_STORED = w -> w.putBoolean(false);

    private final MetadataStore store;
    private final BlockFreer freer;

    MetadataRequestHandler(final MetadataStore store, final BlockFreer freer)
    {
        this.store = store;
        this.freer = freer;
    }

    @Override
    public void onRequest(final ServerConnection conn, final int opcode, final long correlationId, final MessageReader r)
    {
        try
        {
            dispatch(conn, opcode, correlationId, r);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidArgumentException(ex.getMessage());
        }
    }

    private void dispatch(final ServerConnection conn, final int opcode, final long correlationId, final MessageReader r)
    {
        switch (opcode)
        {
            case Opcodes.LOOKUP:
            {
                final NameRequest m = NameRequest.decode(r);
                final long ownerId = conn.id();
                // encoded in place: an inline object's bytes are copied into the answer under its job's lock
                conn.reply(opcode, correlationId, w -> writeLookup(w, m, ownerId));
                break;
            }
            case Opcodes.PUT_INLINE:
            {
                final PutInline m = PutInline.decodeHead(r);
                final int length = r.remaining();
                final boolean stored = store.putInline(m.jobId(), m.name(),
                    (m.flags() & MetadataMessages.FLAG_PERSIST) != 0, r.buffer(), r.position(), length);
                r.skip(length);
                conn.reply(opcode, correlationId, stored ? STORED : NOT_STORED);
                break;
            }
            case Opcodes.CREATE_OBJECT:
            {
                final CreateObject m = CreateObject.decode(r);
                final WriteGrant grant = store.createObject(m.jobId(), m.name(),
                    (m.flags() & MetadataMessages.FLAG_PERSIST) != 0, m.blocksWanted(), conn.id());
                replyAllocation(conn, opcode, correlationId, grant.writeId(), grant.blocks());
                break;
            }
            case Opcodes.ALLOCATE_BLOCKS:
            {
                final AllocateBlocks m = AllocateBlocks.decode(r);
                replyAllocation(conn, opcode, correlationId, m.writeId(), store.allocate(m.jobId(), m.writeId(), m.count()));
                break;
            }
            case Opcodes.SEAL_OBJECT:
            {
                final SealObject m = SealObject.decode(r);
                freeAndReplyEmpty(conn, opcode, correlationId, store.seal(m.jobId(), m.writeId(), m.size()));
                break;
            }
            case Opcodes.ABORT_OBJECT:
            {
                final SealObject m = SealObject.decode(r);
                freeAndReplyEmpty(conn, opcode, correlationId, store.abort(m.jobId(), m.writeId()));
                break;
            }
            case Opcodes.RELEASE:
            {
                r.getString();
                final long token = r.getLong();
                r.end();
                freeAndReplyEmpty(conn, opcode, correlationId, store.release(token));
                break;
            }
            case Opcodes.DELETE_OBJECT:
            {
                final NameRequest m = NameRequest.decode(r);
                freeAndReplyEmpty(conn, opcode, correlationId, store.delete(m.jobId(), m.name()));
                break;
            }
            case Opcodes.CREATE_BUCKET:
            {
                final NameRequest m = NameRequest.decode(r);
                store.createBucket(m.jobId(), m.name());
                conn.reply(opcode, correlationId, w -> { });
                break;
            }
            case Opcodes.DELETE_BUCKET:
            {
                final NameRequest m = NameRequest.decode(r);
                store.deleteBucket(m.jobId(), m.name());
                conn.reply(opcode, correlationId, w -> { });
                break;
            }
            case Opcodes.ENUMERATE:
            {
                final NameRequest m = NameRequest.decode(r);
                final List<ObjectInfo> objects = store.enumerate(m.jobId(), m.name());
                conn.reply(opcode, correlationId, w ->
                {
                    w.putInt(objects.size());
                    for (final ObjectInfo o : objects)
                    {
                        w.putString(o.name()).putLong(o.size()).putBoolean(o.persistent());
                    }
                });
                break;
            }
            case Opcodes.SERVER_ADDRESS:
            {
                final int serverId = r.getInt();
                r.end();
                final String address = freer.serverAddress(serverId);
                if (address == null)
                {
                    throw new PocketException(ErrorCode.UNKNOWN_SERVER, "no storage server " + serverId);
                }
                final HostPort hp = HostPort.parse(address);
                conn.reply(opcode, correlationId, w -> w.putString(hp.host()).putInt(hp.port()));
                break;
            }
            default:
                controlRequest(conn, opcode, correlationId, r);
        }
    }

    /** Requests from the controller and storage servers. */
    private void controlRequest(final ServerConnection conn, final int opcode, final long correlationId, final MessageReader r)
    {
        switch (opcode)
        {
            case Opcodes.CREATE_JOB:
            {
                final CreateJob m = CreateJob.decode(r);
                store.createJob(m.placement().jobId(), WeightMap.from(m.placement()), m.hints());
                conn.reply(opcode, correlationId, w -> { });
                break;
            }
            case Opcodes.SET_WEIGHTS:
            {
                final JobWeights m = JobWeights.decode(r);
                store.setWeights(m.jobId(), WeightMap.from(m));
                conn.reply(opcode, correlationId, w -> { });
                break;
            }
            case Opcodes.FREE_JOB:
            {
                final String jobId = r.getString();
                r.end();
                final List<AllocatedBlock> freed = store.freeJob(jobId);
                freer.free(freed);
                LOG.info("job {} deregistered: {} blocks freed", jobId, freed.size());
                conn.reply(opcode, correlationId, w -> w.putLong(freed.size()));
                break;
            }
            case Opcodes.SERVER_LOST:
            case Opcodes.SERVER_LEFT:
            {
                final int serverId = r.getInt();
                r.end();
                if (store.serverLost(serverId))
                {
                    if (Opcodes.SERVER_LOST == opcode)
                    {
                        LOG.warn("storage server {} lost: its blocks are unavailable", serverId);
                    }
                    else
                    {
                        LOG.info("storage server {} left: its blocks are unavailable", serverId);
                    }
                }
                conn.reply(opcode, correlationId, w -> { });
                break;
            }
            case Opcodes.SERVER_BACK:
            {
                final ServerBack back = ServerBack.decode(r);
                final List<AllocatedBlock> freedMeanwhile = store.serverBack(back);
                if (freedMeanwhile != null)
                {
                    LOG.warn("storage server {} is back: {} ({} freed while it was lost)", back.serverId(),
                        ServerBack.ALL_TIERS == back.keptTiers() ? "its blocks are available again" :
                        "it restarted; blocks of the tiers it did not keep are gone", freedMeanwhile.size());
                    freer.free(freedMeanwhile);
                }
                conn.reply(opcode, correlationId, w -> { });
                break;
            }
            case Opcodes.ADD_CAPACITY:
            {
                final AddCapacity m = AddCapacity.decode(r);
                if (m.blockSize() != store.blockSize())
                {
                    throw new InvalidArgumentException("storage server " + m.serverId() + " has blocks of " + m.blockSize() +
                        " bytes but this metadata server uses " + store.blockSize() + " (set the same --block-size)");
                }
                store.addCapacity(m.serverId(), m.tier(), m.blockSize(), m.firstBlockId(), m.blockCount(), m.alwaysOn());
                freer.serverAddress(m.serverId(), m.host() + ":" + m.port());
                LOG.info("storage server {} at {}:{} offers {} blocks of tier {}", m.serverId(), m.host(), m.port(),
                    m.blockCount(), m.tier());
                conn.reply(opcode, correlationId, w -> { });
                break;
            }
            default:
                throw new ProtocolException("unknown opcode " + opcode + " for a metadata server");
        }
    }

    @Override
    public void onConnectionClosed(final ServerConnection connection)
    {
        final List<AllocatedBlock> freed = store.abortOwner(connection.id());
        if (!freed.isEmpty())
        {
            LOG.info("{} closed: reclaimed {} blocks of its unfinished writes and reads", connection, freed.size());
        }
        freer.free(freed);
    }

    private void freeAndReplyEmpty(final ServerConnection conn, final int opcode, final long correlationId,
        final List<AllocatedBlock> freed)
    {
        freer.free(freed);
        conn.reply(opcode, correlationId, w -> { });
    }

    /**
     * Looks the object up and writes the LOOKUP answer. An inline object's bytes go straight from
     * its off-heap memory to their place after the fixed head (its block list is empty).
     */
    private void writeLookup(final MessageWriter w, final NameRequest m, final long ownerId)
    {
        final int bytesAt = w.position() + INLINE_HEAD_LENGTH;
        final InlineStore.InlineSink sink = (address, length) ->
        {
            w.ensure(INLINE_HEAD_LENGTH + length);
            UnsafeAccess.UNSAFE.copyMemory(null, address, w.buffer().byteArray(), w.buffer().addressOffset() + bytesAt, length);
        };
        final ObjectLocation location;
        final long readToken;
        if ((m.flags() & MetadataMessages.FLAG_DELETE) != 0)
        {
            final DeleteLease lease = store.lookupForDelete(m.jobId(), m.name(), ownerId, sink);
            location = lease.location();
            readToken = lease.readToken();
        }
        else if ((m.flags() & MetadataMessages.FLAG_INFO_ONLY) != 0)
        {
            location = store.lookup(m.jobId(), m.name());
            w.putLong(location.size()).putBoolean(location.persistent()).putInt(location.blockSize()).putLong(0)
                .putInt(0).putBoolean(false);
            return;
        }
        else
        {
            location = store.lookup(m.jobId(), m.name(), sink);
            readToken = 0;
        }
        w.putLong(location.size()).putBoolean(location.persistent()).putInt(location.blockSize()).putLong(readToken);
        writeRefs(w, location.blocks());
        w.putBoolean(location.inline());
        if (location.inline())
        {
            w.skip((int)location.size());
        }
    }

    private void replyAllocation(final ServerConnection conn, final int opcode, final long correlationId,
        final long writeId, final List<AllocatedBlock> blocks)
    {
        final int blockSize = store.blockSize();
        conn.reply(opcode, correlationId, w ->
        {
            w.putLong(writeId).putInt(blockSize);
            writeRefs(w, blocks);
        });
    }

    private static void writeRefs(final MessageWriter w, final List<AllocatedBlock> blocks)
    {
        final int n = blocks.size();
        w.putInt(n);
        w.ensure(n * BlockRefFlyweight.LENGTH);
        for (int i = 0; i < n; i++)
        {
            final AllocatedBlock ref = blocks.get(i);
            BlockRefFlyweight.write(w.buffer(), w.position(), ref.serverId(), ref.tier(), ref.blockId(), ref.generation(), 0);
            w.skip(BlockRefFlyweight.LENGTH);
        }
    }
}
