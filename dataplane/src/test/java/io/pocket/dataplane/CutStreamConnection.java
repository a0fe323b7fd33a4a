package io.pocket.dataplane;

import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.FrameHeader;
import io.pocket.protocol.Opcodes;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One connection of {@link PlacementStressTest} over a plain socket, so that the test decides where the byte stream
 * is cut: a round pipelines a batch of WRITE_BLOCKs (some quiet) and READ_BLOCKs and writes it in pieces cut at random
 * points, often a few bytes into a frame's header; at some cuts it first reads the answers due so far, so that the
 * server has read up to the cut before the rest arrives. Every answer is checked: no error, the request's opcode and
 * correlation id, in order, and every byte read back.
 */
final class CutStreamConnection implements PlacementStressTest.StressConnection
{
    private static final int SO_TIMEOUT_MS = 10_000;

    private final String name;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final StressBlocks blocks;
    private final SplittableRandom random;
    private final ArrayDeque<Due> due = new ArrayDeque<>();
    private long nextId = 2;

    /** An answer the server owes: to request {@code id}, which ends at {@code end} in the round's stream. */
    private record Due(long id, int end, StressBlocks.Op op)
    {
    }

    CutStreamConnection(final String name, final int port, final StressBlocks blocks) throws IOException
    {
        this.name = name;
        this.blocks = blocks;
        this.random = blocks.random();
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = RawFrames.greet(socket);
        socket.setSoTimeout(SO_TIMEOUT_MS);
        out = socket.getOutputStream();
    }

    @Override
    public void round() throws IOException
    {
        blocks.newRound();
        final int requests = 2 + random.nextInt(24);
        final List<StressBlocks.Op> ops = new ArrayList<>(requests);
        int streamLength = 0;
        for (int i = 0; i < requests; i++)
        {
            final StressBlocks.Op op = blocks.next();
            ops.add(op);
            streamLength += FrameHeader.HEADER_LENGTH + BlockIoFlyweight.LENGTH + (op.write() ? op.length() : 0);
        }
        final ByteBuffer stream = ByteBuffer.allocate(streamLength).order(ByteOrder.LITTLE_ENDIAN);
        final TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i < requests; i++)
        {
            final StressBlocks.Op op = ops.get(i);
            final int start = stream.position();
            if (start > 0 && random.nextInt(3) == 0)
            {
                cuts.add(start + random.nextInt(FrameHeader.HEADER_LENGTH + 8));
            }
            final boolean quiet = op.write() && i < requests - 1 && random.nextBoolean();
            encode(stream, op, nextId, quiet);
            if (!quiet)
            {
                due.add(new Due(nextId, stream.position(), op));
            }
            nextId++;
        }
        cuts.add(streamLength);
        int sent = 0;
        for (final int cut : cuts)
        {
            out.write(stream.array(), sent, cut - sent);
            out.flush();
            sent = cut;
            if (cut == streamLength || random.nextBoolean())
            {
                answersUpTo(cut);
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    @Override
    public void abort() throws IOException
    {
        socket.close();
    }

    private static void encode(final ByteBuffer stream, final StressBlocks.Op op, final long id, final boolean quiet)
    {
        final int dataLength = op.write() ? op.length() : 0;
        stream.putInt(FrameHeader.HEADER_LENGTH + BlockIoFlyweight.LENGTH + dataLength)
            .putShort((short)(op.write() ? Opcodes.WRITE_BLOCK : Opcodes.READ_BLOCK))
            .putShort((short)(quiet ? FrameHeader.FLAG_QUIET : 0)).putLong(id);
        stream.putInt(0).putInt(0).putLong(op.blockId()).putLong(1).putLong(0).putInt(op.offset()).putInt(op.length());
        if (op.write())
        {
            stream.put(op.bytes());
        }
    }

    /** Reads and checks the answers to every request that ends at or before {@code cut}. */
    private void answersUpTo(final int cut) throws IOException
    {
        while (!due.isEmpty() && due.peek().end() <= cut)
        {
            check(due.poll());
        }
    }

    private void check(final Due expected) throws IOException
    {
        final StressBlocks.Op op = expected.op();
        final String request = name + " request " + expected.id() + " (" + (op.write() ? "WRITE" : "READ") +
            "_BLOCK of " + op.length() + " bytes at " + op.offset() + " of block " + op.blockId() + ")";
        final ByteBuffer answer;
        try
        {
            answer = RawFrames.read(in);
        }
        catch (final SocketTimeoutException ex)
        {
            throw new AssertionError(request + ": no answer within " + SO_TIMEOUT_MS + " ms", ex);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(request + ": connection lost: " + ex, ex);
        }
        final int flags = answer.getShort(FrameHeader.FLAGS_OFFSET);
        if (flags != FrameHeader.FLAG_RESPONSE)
        {
            throw new AssertionError(request + " answered with flags " + flags + ": " + RawFrames.errorMessage(answer));
        }
        final long id = answer.getLong(FrameHeader.CORRELATION_ID_OFFSET);
        final int opcode = answer.getShort(FrameHeader.OPCODE_OFFSET);
        if (id != expected.id() || opcode != (op.write() ? Opcodes.WRITE_BLOCK : Opcodes.READ_BLOCK))
        {
            throw new AssertionError(request + " answered by " + Opcodes.name(opcode) + " " + id);
        }
        final int body = answer.capacity() - FrameHeader.HEADER_LENGTH;
        if (op.write() ? body != 0 : body != 4 + op.length() || answer.getInt(FrameHeader.HEADER_LENGTH) != op.length())
        {
            throw new AssertionError(request + " answered with a body of " + body + " bytes");
        }
        if (!op.write())
        {
            final byte[] data = Arrays.copyOfRange(answer.array(), FrameHeader.HEADER_LENGTH + 4, answer.capacity());
            final int mismatch = Arrays.mismatch(op.bytes(), data);
            if (mismatch >= 0)
            {
                throw new AssertionError(request + " read back a wrong byte at " + mismatch);
            }
        }
    }
}
