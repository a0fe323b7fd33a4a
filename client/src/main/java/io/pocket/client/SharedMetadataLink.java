package io.pocket.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.MessageWriter;
import io.pocket.protocol.MetadataMessages.AllocateBlocks;
import io.pocket.protocol.MetadataMessages.Allocation;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Encoder;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link MetadataLink} over the client's shared pipelined connection to the metadata server,
 * for streams: the connection lives as long as the client, so what an abandoned stream holds is
 * reclaimed when the client closes or dies. The connection is taken once, at the start: if it
 * drops, the stream's later requests fail rather than move to a new connection that owns nothing.
 * A request body is encoded into a scratch buffer and copied into the frame when sent.
 */
final class SharedMetadataLink extends MetadataLink
{
    private final JobSession session;
    private final RpcClient rpc;
    private final ByteBuf scratch = Unpooled.buffer(256);
    private final MessageWriter scratchWriter = new MessageWriter();
    private final Encoder copyBody = this::copyBody;
    private int opcode;
    private CompletableFuture<Allocation> allocation;

    SharedMetadataLink(final JobSession session, final RpcClient rpc)
    {
        this.session = session;
        this.rpc = rpc;
    }

    @Override
    MessageWriter begin(final int opcode)
    {
        this.opcode = opcode;
        return scratchWriter.wrap(scratch.clear());
    }

    @Override
    <T> T call(final ResponseDecoder<T> decoder)
    {
        return session.await(rpc.call(opcode, copyBody, decoder), session.metadataLabel());
    }

    @Override
    void requestAllocation(final String jobId, final long writeId, final int count)
    {
        new AllocateBlocks(jobId, writeId, count).encode(begin(Opcodes.ALLOCATE_BLOCKS));
        allocation = rpc.call(opcode, copyBody, Allocation::decode);
    }

    @Override
    Allocation awaitAllocation()
    {
        final CompletableFuture<Allocation> pending = allocation;
        allocation = null;
        if (pending == null)
        {
            throw new IllegalStateException("no allocation requested");
        }
        return session.await(pending, session.metadataLabel());
    }

    @Override
    boolean transfersInline()
    {
        return false;
    }

    @Override
    public void close()
    {
        allocation = null;
    }

    private void copyBody(final MessageWriter frame)
    {
        final int length = scratchWriter.position() - FrameHeader.HEADER_LENGTH;
        frame.ensure(length);
        frame.buffer().putBytes(frame.position(), scratchWriter.buffer(), FrameHeader.HEADER_LENGTH, length);
        frame.skip(length);
    }
}
