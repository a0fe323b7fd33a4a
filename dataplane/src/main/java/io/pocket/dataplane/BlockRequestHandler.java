package io.pocket.dataplane;

import io.netty.buffer.ByteBuf;
import io.pocket.client.InvalidArgumentException;
import io.pocket.client.PocketException;
import io.pocket.client.ProtocolException;
import io.pocket.dataplane.device.DeviceBlockPath;
import io.pocket.dataplane.device.ReadLengthBody;
import io.pocket.dataplane.tier.BlockErrors;
import io.pocket.dataplane.tier.BlockStatus;
import io.pocket.dataplane.tier.DeviceTier;
import io.pocket.dataplane.tier.DramTier;
import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRefFlyweight;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.protocol.TierKind;
import io.pocket.transport.DataPlacement;
import io.pocket.transport.Encoder;
import io.pocket.transport.ServerConnection;

import java.util.concurrent.atomic.LongAdder;

/**
 * The block path of a storage server: WRITE_BLOCK, READ_BLOCK and FREE_BLOCKS, routed by the block reference's tier:
 * the DRAM tier is served here, synchronously; the NVMe and disk tiers by the {@link DeviceBlockPath}, which answers
 * once the device has completed the I/O.
 * <p>
 * Block bytes never enter the Java heap. The data of a DRAM write lands in the arena straight from the socket
 * ({@link DataPlacement}: {@link #placeData} names the range once the block reference has arrived,
 * {@link #onDataPlaced} answers once the data has); a write delivered as a whole frame (small, for a device tier, or in
 * error) is copied from the frame's direct memory into the arena. A read is sent from the arena by Netty (zero
 * copy). A request naming another server id (one from before a restart of the server at this address) is answered
 * UNKNOWN_SERVER, a generation the block no longer holds STALE_BLOCK; a bad range INVALID_ARGUMENT, keeping the
 * connection; a frame whose data does not match its declared length is a protocol error that closes the connection.
 * <p>
 * Reads are checked against the block's generation before the send starts. The send is asynchronous, so a block freed
 * and rewritten while its bytes sit in a socket buffer could be sent mixed; the metadata server makes that practically
 * impossible by reusing freed blocks first-in first-out, as late as possible. ({@code confirmRead} cannot help here:
 * nothing runs after Netty's copy.)
 * <p>
 * Called concurrently from every event loop; per-thread scratch objects keep the block path free of allocation apart
 * from the slice object Netty sends from.
 */
final class BlockRequestHandler implements DataPlacement
{
    /** Server id meaning "not registered": no reference matches it. */
    static final int NO_SERVER_ID = -1;

    private final DramTier tier;
    private final ArenaWindows windows;
    private final DeviceBlockPath devices;
    private final LongAdder rxBytes = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private volatile int serverId;

    /**
     * @param tier     the DRAM tier, or null if the server has none.
     * @param windows  views of the DRAM arena, or null.
     * @param devices  the device tiers' block path, or null if the server has none.
     * @param serverId id that block references must carry.
     */
    BlockRequestHandler(
        final DramTier tier, final ArenaWindows windows, final DeviceBlockPath devices, final int serverId)
    {
        this.tier = tier;
        this.windows = windows;
        this.devices = devices;
        this.serverId = serverId;
    }

    int serverId()
    {
        return serverId;
    }

    /** Server id that block references must carry from now on; {@link #NO_SERVER_ID} refuses them all. */
    void serverId(final int serverId)
    {
        this.serverId = serverId;
    }

    /** Data bytes received by WRITE_BLOCK since start. */
    long rxBytes()
    {
        return rxBytes.sum() + (null == devices ? 0 : devices.rxBytes());
    }

    /** Data bytes sent by READ_BLOCK since start. */
    long txBytes()
    {
        return txBytes.sum() + (null == devices ? 0 : devices.txBytes());
    }

    @Override
    public void onRequest(
        final ServerConnection connection, final int opcode, final long correlationId, final MessageReader body)
    {
        switch (opcode)
        {
            case Opcodes.WRITE_BLOCK:
                onWrite(connection, correlationId, body);
                break;
            case Opcodes.READ_BLOCK:
                onRead(connection, correlationId, body);
                break;
            case Opcodes.FREE_BLOCKS:
                onFree(connection, correlationId, body);
                break;
            default:
                throw new ProtocolException("unknown opcode " + Opcodes.name(opcode) + " for a storage server");
        }
    }

    private void onWrite(final ServerConnection connection, final long correlationId, final MessageReader body)
    {
        final BlockIoFlyweight io = wrap(body);
        final int length = io.length();
        final long dataBytes = body.remaining() - (long)BlockIoFlyweight.LENGTH;
        if (length != dataBytes)
        {
            throw new ProtocolException("WRITE_BLOCK declares " + length + " data bytes but carries " + dataBytes);
        }
        final BlockRefFlyweight ref = io.ref();
        final long blockId = ref.blockId();
        final long generation = ref.generation();
        final int offset = io.blockOffset();
        checkServer(ref);
        if (ref.tier() != TierKind.DRAM.code() || null == tier)
        {
            if (isQuiet(body))
            {
                throw new InvalidArgumentException("server " + serverId + " answers a WRITE_BLOCK quietly only for " +
                    "its DRAM tier, not for tier " + ref.tier());
            }
            devices.write(connection, correlationId, deviceTier(ref), serverId, blockId, generation, offset, length,
                body.buffer(), body.position() + BlockIoFlyweight.LENGTH);
            return;
        }

        final int status = tier.beginWrite(blockId, generation, offset, length);
        if (BlockStatus.OK != status)
        {
            throw BlockErrors.of(status, tier, serverId, blockId, generation, offset, length);
        }
        windows.copyIn(blockId, offset, body.buffer(), body.position() + BlockIoFlyweight.LENGTH, length);
        rxBytes.add(length);
        if (!isQuiet(body))
        {
            connection.reply(Opcodes.WRITE_BLOCK, correlationId, Encoder.EMPTY);
        }
    }

    /** WRITE_BLOCK to DRAM may be quiet: answered only if it fails (a device-tier write completes out of order). */
    @Override
    public boolean answersQuietly(final int opcode)
    {
        return Opcodes.WRITE_BLOCK == opcode;
    }

    @Override
    public int placedBodyLength(final int opcode)
    {
        return Opcodes.WRITE_BLOCK == opcode && null != tier ? BlockIoFlyweight.LENGTH : 0;
    }

    /**
     * The arena range of a valid DRAM write, for its data to land in straight from the socket; null for anything
     * else (a device tier, or an error, which {@link #onRequest} then answers).
     */
    @Override
    public ByteBuf placeData(
        final ServerConnection connection,
        final int opcode,
        final long correlationId,
        final MessageReader body,
        final int dataLength)
    {
        final BlockIoFlyweight io = wrap(body);
        final BlockRefFlyweight ref = io.ref();
        final long blockId = ref.blockId();
        final int offset = io.blockOffset();
        if (io.length() != dataLength || ref.serverId() != serverId || ref.tier() != TierKind.DRAM.code() ||
            BlockStatus.OK != tier.beginWrite(blockId, ref.generation(), offset, dataLength))
        {
            return null;
        }
        return windows.landing(blockId, offset, dataLength);
    }

    /**
     * A DRAM write whose data has landed: answered once the block is found still to hold the write's generation,
     * as a free and a reuse of the block may have raced with the bytes' arrival ({@link DramTier#endWrite}).
     */
    @Override
    public void onDataPlaced(
        final ServerConnection connection,
        final int opcode,
        final long correlationId,
        final MessageReader body,
        final int dataLength)
    {
        final BlockIoFlyweight io = wrap(body);
        final int status = tier.endWrite(io.ref().blockId(), io.ref().generation());
        if (BlockStatus.OK != status)
        {
            throw BlockErrors.of(
                status, tier, serverId, io.ref().blockId(), io.ref().generation(), io.blockOffset(), dataLength);
        }
        rxBytes.add(dataLength);
        if (!isQuiet(body))
        {
            connection.reply(Opcodes.WRITE_BLOCK, correlationId, Encoder.EMPTY);
        }
    }

    private void onRead(final ServerConnection connection, final long correlationId, final MessageReader body)
    {
        final BlockIoFlyweight io = wrap(body);
        body.skip(BlockIoFlyweight.LENGTH);
        body.end();
        final BlockRefFlyweight ref = io.ref();
        final long blockId = ref.blockId();
        final long generation = ref.generation();
        final int offset = io.blockOffset();
        final int length = io.length();
        checkServer(ref);
        if (ref.tier() != TierKind.DRAM.code() || null == tier)
        {
            devices.read(connection, correlationId, deviceTier(ref), serverId, blockId, generation, offset, length);
            return;
        }

        final int status = tier.checkRead(blockId, generation, offset, length);
        if (BlockStatus.OK != status)
        {
            throw BlockErrors.of(status, tier, serverId, blockId, generation, offset, length);
        }
        final ByteBuf payload = windows.slice(blockId, offset, length);
        connection.replyWithPayload(Opcodes.READ_BLOCK, correlationId, scratch.get().lengthBody.length(length), payload);
        txBytes.add(length);
    }

    private void onFree(final ServerConnection connection, final long correlationId, final MessageReader body)
    {
        final int count = body.getCount(BlockRefFlyweight.LENGTH);
        final BlockRefFlyweight ref = scratch.get().io.ref();
        final int id = serverId;
        for (int i = 0; i < count; i++)
        {
            ref.wrap(body.buffer(), body.position());
            body.skip(BlockRefFlyweight.LENGTH);
            if (ref.serverId() == id)
            {
                freeBlock(ref.tier(), ref.blockId(), ref.generation());
            }
        }
        body.end();
        connection.reply(Opcodes.FREE_BLOCKS, correlationId, Encoder.EMPTY);
    }

    private static boolean isQuiet(final MessageReader body)
    {
        return (body.header().flags() & FrameHeader.FLAG_QUIET) != 0;
    }

    private BlockIoFlyweight wrap(final MessageReader body)
    {
        body.require(BlockIoFlyweight.LENGTH);
        return scratch.get().io.wrap(body.buffer(), body.position());
    }

    private void freeBlock(final int tierCode, final long blockId, final long generation)
    {
        if (tierCode == TierKind.DRAM.code())
        {
            if (null != tier)
            {
                tier.free(blockId, generation);
            }
        }
        else if (null != devices)
        {
            final DeviceTier device = devices.tier(tierCode);
            if (null != device)
            {
                device.free(blockId, generation);
            }
        }
    }

    private void checkServer(final BlockRefFlyweight ref)
    {
        final int id = serverId;
        if (ref.serverId() != id)
        {
            throw new PocketException(ErrorCode.UNKNOWN_SERVER, "block reference for storage server " +
                ref.serverId() + " sent to " + (id == NO_SERVER_ID ? "a server not registered yet" :
                "storage server " + id + " (the server at this address restarted)"));
        }
    }

    /** The device tier a reference names; an error naming the tiers this server has if it has no such tier. */
    private DeviceTier deviceTier(final BlockRefFlyweight ref)
    {
        final DeviceTier device = null == devices ? null : devices.tier(ref.tier());
        if (null == device)
        {
            final StringBuilder has = new StringBuilder();
            for (final TierKind kind : TierKind.values())
            {
                if (kind == TierKind.DRAM ? null != tier : null != devices && null != devices.tier(kind.code()))
                {
                    has.append(has.length() == 0 ? "" : ", ").append(kind).append(" (").append(kind.code()).append(')');
                }
            }
            throw new InvalidArgumentException("server " + serverId + " has no tier " + ref.tier() + ", only " + has);
        }
        return device;
    }

    /** Per-thread objects reused by every request. */
    private static final class Scratch
    {
        final BlockIoFlyweight io = new BlockIoFlyweight();
        final ReadLengthBody lengthBody = new ReadLengthBody();
    }
}
