package io.pocket.dataplane;

import io.netty.buffer.Unpooled;
import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.BlockRefs;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.Futures;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.RpcClient;
import io.pocket.transport.Transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test client for the block path: WRITE_BLOCK, READ_BLOCK and FREE_BLOCKS over a real {@link RpcClient}. */
final class BlockClient implements AutoCloseable
{
    static final long TIMEOUT_MS = 10_000;
    static final ResponseDecoder<byte[]> READ_DATA = BlockClient::decodeRead;

    private final RpcClient rpc;

    private BlockClient(final RpcClient rpc)
    {
        this.rpc = rpc;
    }

    static BlockClient connect(final StorageServer server, final Transport transport)
    {
        return new BlockClient(RpcClient.connect("127.0.0.1:" + server.port(), transport,
            server.context().maxFrameLength(), 5_000));
    }

    RpcClient rpc()
    {
        return rpc;
    }

    /**
     * WRITE_BLOCK with the data sent as a separate zero-copy payload buffer. Only safe from one thread at a time per
     * connection (see {@link #writeInlineAsync}).
     */
    CompletableFuture<Void> writeAsync(final BlockRef ref, final int offset, final byte[] data)
    {
        return rpc.call(Opcodes.WRITE_BLOCK, w -> BlockIoFlyweight.write(w, ref, offset, data.length),
            Unpooled.wrappedBuffer(data), ResponseDecoder.EMPTY);
    }

    /**
     * WRITE_BLOCK with the data encoded into the request frame itself: one buffer, one channel write, so requests from
     * many threads on one connection cannot interleave.
     */
    CompletableFuture<Void> writeInlineAsync(final BlockRef ref, final int offset, final byte[] data)
    {
        return rpc.call(Opcodes.WRITE_BLOCK, w ->
        {
            BlockIoFlyweight.write(w, ref, offset, data.length);
            w.ensure(data.length);
            w.buffer().putBytes(w.position(), data);
            w.skip(data.length);
        }, ResponseDecoder.EMPTY);
    }

    void write(final BlockRef ref, final int offset, final byte[] data)
    {
        Futures.await(writeAsync(ref, offset, data), TIMEOUT_MS, rpc.address());
    }

    CompletableFuture<byte[]> readAsync(final BlockRef ref, final int offset, final int length)
    {
        return rpc.call(Opcodes.READ_BLOCK, w -> BlockIoFlyweight.write(w, ref, offset, length), READ_DATA);
    }

    byte[] read(final BlockRef ref, final int offset, final int length)
    {
        return Futures.await(readAsync(ref, offset, length), TIMEOUT_MS, rpc.address());
    }

    void free(final List<BlockRef> refs)
    {
        Futures.await(rpc.call(Opcodes.FREE_BLOCKS, w -> BlockRefs.writeList(w, refs), ResponseDecoder.EMPTY),
            TIMEOUT_MS, rpc.address());
    }

    @Override
    public void close()
    {
        rpc.close();
    }

    private static byte[] decodeRead(final MessageReader r)
    {
        final int length = r.getInt();
        r.require(length);
        final byte[] data = new byte[length];
        r.buffer().getBytes(r.position(), data);
        r.skip(length);
        r.end();
        return data;
    }
}
