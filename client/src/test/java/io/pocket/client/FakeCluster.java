package io.pocket.client;

import io.netty.buffer.Unpooled;
import io.pocket.protocol.BlockIoFlyweight;
import io.pocket.protocol.BlockRef;
import io.pocket.protocol.ControllerMessages.ClusterStatus;
import io.pocket.protocol.ControllerMessages.JobInfo;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MessageReader;
import io.pocket.protocol.MetadataMessages;
import io.pocket.protocol.MetadataMessages.AllocateBlocks;
import io.pocket.protocol.MetadataMessages.Allocation;
import io.pocket.protocol.MetadataMessages.CreateObject;
import io.pocket.protocol.MetadataMessages.Listing;
import io.pocket.protocol.MetadataMessages.NameRequest;
import io.pocket.protocol.MetadataMessages.ObjectLocation;
import io.pocket.protocol.MetadataMessages.SealObject;
import io.pocket.protocol.Opcodes;
import io.pocket.transport.RequestHandler;
import io.pocket.transport.RpcServer;
import io.pocket.transport.ServerConnection;
import io.pocket.transport.Transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-memory stand-in for a controller, a metadata server and storage servers, speaking
 * the real protocol over the real transport, so the client's pipelines can be tested in this
 * module. One server plays controller and metadata server; each storage server is its own server.
 */
final class FakeCluster implements AutoCloseable
{
    final int blockSize;
    final Transport transport = Transport.create(Transport.Kind.AUTO, 2, "fake-cluster");
    final RpcServer control;
    final List<RpcServer> storage = new ArrayList<>();
    final Map<Long, byte[]> data = new ConcurrentHashMap<>();
    final Set<Long> live = ConcurrentHashMap.newKeySet();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger allocations = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    volatile ErrorCode failWrites;
    volatile ErrorCode failReads;
    volatile boolean ignoreWrites;
    volatile boolean ignoreReads;
    volatile long freeBlocks;

    private final Map<String, Map<String, Obj>> jobs = new HashMap<>();
    private final Map<String, Set<String>> buckets = new HashMap<>();
    private final Map<Long, Obj> unsealed = new HashMap<>();
    private final Map<Long, Obj> pendingReads = new HashMap<>();
    private long nextBlockId = 1;
    private long nextHandle = 1;
    private int jobCounter;

    FakeCluster(final int blockSize, final int storageServers, final long freeBlocks)
    {
        this.blockSize = blockSize;
        this.freeBlocks = freeBlocks;
        control = new RpcServer("fake control", transport, "127.0.0.1", 0, 64 << 20, new Control());
        for (int i = 0; i < storageServers; i++)
        {
            storage.add(new RpcServer("fake storage " + i, transport, "127.0.0.1", 0, 64 << 20, new Storage(i)));
        }
    }

    String address()
    {
        return "127.0.0.1:" + control.port();
    }

    synchronized int unsealedCount()
    {
        return unsealed.size();
    }

    synchronized int pendingReadCount()
    {
        return pendingReads.size();
    }

    @Override
    public void close()
    {
        control.close();
        storage.forEach(RpcServer::close);
        transport.close();
    }

    private static final class Obj
    {
        final String jobId;
        final String name;
        final boolean persistent;
        final long owner;
        final List<BlockRef> blocks = new ArrayList<>();
        long size;

        Obj(final String jobId, final String name, final boolean persistent, final long owner)
        {
            this.jobId = jobId;
            this.name = name;
            this.persistent = persistent;
            this.owner = owner;
        }
    }

    private final class Control implements RequestHandler
    {
        @Override
        public void onRequest(final ServerConnection c, final int opcode, final long id, final MessageReader r)
        {
            synchronized (FakeCluster.this)
            {
                handle(c, opcode, id, r);
            }
        }

        private void handle(final ServerConnection c, final int opcode, final long id, final MessageReader r)
        {
            switch (opcode)
            {
                case Opcodes.REGISTER_JOB:
                {
                    final RegisterJob m = RegisterJob.decode(r);
                    final String jobId = m.name() + "-" + (++jobCounter);
                    jobs.put(jobId, new TreeMap<>());
                    buckets.put(jobId, ConcurrentHashMap.newKeySet());
                    final JobInfo info = new JobInfo(jobId, m.name(), address(), List.of());
                    c.reply(opcode, id, info::encode);
                    return;
                }
                case Opcodes.ATTACH_JOB:
                {
                    final String jobId = readString(r);
                    final JobInfo info = new JobInfo(jobId, jobId, address(), List.of());
                    job(jobId);
                    c.reply(opcode, id, info::encode);
                    return;
                }
                case Opcodes.DEREGISTER_JOB:
                {
                    final String jobId = readString(r);
                    for (final Obj o : job(jobId).values())
                    {
                        free(o.blocks);
                    }
                    jobs.remove(jobId);
                    c.reply(opcode, id, w -> { });
                    return;
                }
                case Opcodes.CLUSTER_STATUS:
                {
                    r.end();
                    final List<JobStatus> list = new ArrayList<>();
                    jobs.keySet().forEach(j -> list.add(new JobStatus(j, j, address())));
                    c.reply(opcode, id, new ClusterStatus(List.of(address()), List.of(), list)::encode);
                    return;
                }
                case Opcodes.CREATE_OBJECT:
                {
                    final CreateObject m = CreateObject.decode(r);
                    final Map<String, Obj> objects = job(m.jobId());
                    if (objects.containsKey(m.name()) || unsealed.values().stream().anyMatch(
                        o -> o.jobId.equals(m.jobId()) && o.name.equals(m.name())))
                    {
                        throw new ObjectExistsException("object " + m.name() + " exists");
                    }
                    final int slash = m.name().indexOf('/');
                    if (slash > 0 && !buckets.get(m.jobId()).contains(m.name().substring(0, slash)))
                    {
                        throw new ObjectNotFoundException("no bucket for " + m.name());
                    }
                    final Obj o = new Obj(m.jobId(), m.name(), (m.flags() & MetadataMessages.FLAG_PERSIST) != 0, c.id());
                    allocate(o, m.blocksWanted());
                    final long writeId = nextHandle++;
                    unsealed.put(writeId, o);
                    final Allocation a = new Allocation(writeId, blockSize, List.copyOf(o.blocks));
                    c.reply(opcode, id, a::encode);
                    return;
                }
                case Opcodes.ALLOCATE_BLOCKS:
                {
                    final AllocateBlocks m = AllocateBlocks.decode(r);
                    final Obj o = unsealed.get(m.writeId());
                    if (o == null)
                    {
                        throw new ObjectNotFoundException("no write " + m.writeId());
                    }
                    allocations.incrementAndGet();
                    final int before = o.blocks.size();
                    allocate(o, m.count());
                    final Allocation a = new Allocation(m.writeId(), blockSize, List.copyOf(o.blocks.subList(before, o.blocks.size())));
                    c.reply(opcode, id, a::encode);
                    return;
                }
                case Opcodes.SEAL_OBJECT:
                {
                    final SealObject m = SealObject.decode(r);
                    final Obj o = unsealed.remove(m.writeId());
                    if (o == null)
                    {
                        throw new ObjectNotFoundException("no write " + m.writeId());
                    }
                    final int needed = (int)((m.size() + blockSize - 1) / blockSize);
                    if (needed > o.blocks.size())
                    {
                        throw new InvalidArgumentException("size " + m.size() + " does not fit");
                    }
                    free(new ArrayList<>(o.blocks.subList(needed, o.blocks.size())));
                    o.blocks.subList(needed, o.blocks.size()).clear();
                    o.size = m.size();
                    job(o.jobId).put(o.name, o);
                    c.reply(opcode, id, w -> { });
                    return;
                }
                case Opcodes.ABORT_OBJECT:
                {
                    final SealObject m = SealObject.decode(r);
                    aborts.incrementAndGet();
                    final Obj o = unsealed.remove(m.writeId());
                    if (o != null)
                    {
                        free(o.blocks);
                    }
                    c.reply(opcode, id, w -> { });
                    return;
                }
                case Opcodes.LOOKUP:
                {
                    final NameRequest m = NameRequest.decode(r);
                    final Map<String, Obj> objects = job(m.jobId());
                    final Obj o = objects.get(m.name());
                    if (o == null)
                    {
                        throw new ObjectNotFoundException("object " + m.name() + " not found");
                    }
                    long token = 0;
                    if ((m.flags() & MetadataMessages.FLAG_DELETE) != 0)
                    {
                        objects.remove(m.name());
                        token = nextHandle++;
                        pendingReads.put(token, new Obj(o.jobId, o.name, o.persistent, c.id()));
                        pendingReads.get(token).blocks.addAll(o.blocks);
                    }
                    final ObjectLocation l = new ObjectLocation(o.size, o.persistent, blockSize, token, List.copyOf(o.blocks));
                    c.reply(opcode, id, l::encode);
                    return;
                }
                case Opcodes.RELEASE:
                {
                    r.getString();
                    final long token = r.getLong();
                    r.end();
                    releases.incrementAndGet();
                    final Obj o = pendingReads.remove(token);
                    if (o != null)
                    {
                        free(o.blocks);
                    }
                    c.reply(opcode, id, w -> { });
                    return;
                }
                case Opcodes.DELETE_OBJECT:
                {
                    final NameRequest m = NameRequest.decode(r);
                    final Obj o = job(m.jobId()).remove(m.name());
                    if (o == null)
                    {
                        throw new ObjectNotFoundException("object " + m.name() + " not found");
                    }
                    free(o.blocks);
                    c.reply(opcode, id, w -> { });
                    return;
                }
                case Opcodes.CREATE_BUCKET:
                {
                    final NameRequest m = NameRequest.decode(r);
                    job(m.jobId());
                    if (!buckets.get(m.jobId()).add(m.name()))
                    {
                        throw new BucketExistsException("bucket " + m.name() + " exists");
                    }
                    c.reply(opcode, id, w -> { });
                    return;
                }
                case Opcodes.DELETE_BUCKET:
                {
                    final NameRequest m = NameRequest.decode(r);
                    final String prefix = m.name() + "/";
                    if (job(m.jobId()).keySet().stream().anyMatch(n -> n.startsWith(prefix)))
                    {
                        throw new BucketNotEmptyException("bucket " + m.name() + " is not empty");
                    }
                    if (!buckets.get(m.jobId()).remove(m.name()))
                    {
                        throw new ObjectNotFoundException("no bucket " + m.name());
                    }
                    c.reply(opcode, id, w -> { });
                    return;
                }
                case Opcodes.ENUMERATE:
                {
                    final NameRequest m = NameRequest.decode(r);
                    final List<Listing> list = new ArrayList<>();
                    for (final Obj o : job(m.jobId()).values())
                    {
                        final int slash = o.name.indexOf('/');
                        final String bucket = slash < 0 ? "" : o.name.substring(0, slash);
                        if (bucket.equals(m.name()))
                        {
                            list.add(new Listing(slash < 0 ? o.name : o.name.substring(slash + 1), o.size, o.persistent));
                        }
                    }
                    c.reply(opcode, id, w -> Listing.writeList(w, list));
                    return;
                }
                case Opcodes.SERVER_ADDRESS:
                {
                    final int serverId = r.getInt();
                    r.end();
                    final int port = storage.get(serverId).port();
                    c.reply(opcode, id, w -> w.putString("127.0.0.1").putInt(port));
                    return;
                }
                default:
                    throw new ProtocolException("fake control does not serve " + Opcodes.name(opcode));
            }
        }

        @Override
        public void onConnectionClosed(final ServerConnection connection)
        {
            synchronized (FakeCluster.this)
            {
                unsealed.values().removeIf(o -> o.owner == connection.id() && free(o.blocks));
                pendingReads.values().removeIf(o -> o.owner == connection.id() && free(o.blocks));
            }
        }
    }

    private Map<String, Obj> job(final String jobId)
    {
        final Map<String, Obj> objects = jobs.get(jobId);
        if (objects == null)
        {
            throw new JobNotFoundException("job " + jobId + " not found");
        }
        return objects;
    }

    private void allocate(final Obj o, final int count)
    {
        if (count > 0 && freeBlocks <= 0)
        {
            throw new OutOfCapacityException("no free block");
        }
        for (int i = 0; i < count && freeBlocks > 0; i++)
        {
            final long blockId = nextBlockId++;
            freeBlocks--;
            live.add(blockId);
            o.blocks.add(new BlockRef((int)(blockId % storage.size()), 0, blockId, 1, 0));
        }
    }

    private boolean free(final List<BlockRef> blocks)
    {
        for (final BlockRef b : blocks)
        {
            if (live.remove(b.blockId()))
            {
                data.remove(b.blockId());
                freeBlocks++;
            }
        }
        return true;
    }

    private static String readString(final MessageReader r)
    {
        final String s = r.getString();
        r.end();
        return s;
    }

    private final class Storage implements RequestHandler
    {
        private final int serverId;
        private final BlockIoFlyweight io = new BlockIoFlyweight();

        Storage(final int serverId)
        {
            this.serverId = serverId;
        }

        @Override
        public void onRequest(final ServerConnection c, final int opcode, final long id, final MessageReader r)
        {
            r.require(BlockIoFlyweight.LENGTH);
            io.wrap(r.buffer(), r.position());
            final long blockId = io.ref().blockId();
            final int length = io.length();
            r.skip(BlockIoFlyweight.LENGTH);
            if (io.ref().serverId() != serverId || !live.contains(blockId))
            {
                c.replyError(opcode, id, ErrorCode.STALE_BLOCK, "block " + blockId + " is stale");
                return;
            }
            if (opcode == Opcodes.WRITE_BLOCK)
            {
                final byte[] bytes = new byte[length];
                r.require(length);
                r.buffer().getBytes(r.position(), bytes);
                r.skip(length);
                r.end();
                writes.incrementAndGet();
                if (ignoreWrites)
                {
                    return;
                }
                final ErrorCode failure = failWrites;
                if (failure != null)
                {
                    c.replyError(opcode, id, failure, "write refused by test");
                    return;
                }
                data.put(blockId, bytes);
                c.reply(opcode, id, w -> { });
            }
            else if (opcode == Opcodes.READ_BLOCK)
            {
                r.end();
                reads.incrementAndGet();
                if (ignoreReads)
                {
                    return;
                }
                final ErrorCode failure = failReads;
                if (failure != null)
                {
                    c.replyError(opcode, id, failure, "read refused by test");
                    return;
                }
                final byte[] bytes = data.getOrDefault(blockId, new byte[blockSize]);
                c.replyWithPayload(opcode, id, w -> w.putInt(length), Unpooled.wrappedBuffer(bytes, 0, length));
            }
            else
            {
                throw new ProtocolException("fake storage does not serve " + Opcodes.name(opcode));
            }
        }
    }
}
