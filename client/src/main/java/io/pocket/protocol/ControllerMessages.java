package io.pocket.protocol;

import io.pocket.client.ProtocolException;

import java.util.ArrayList;
import java.util.List;

/**
 * Bodies of the controller's messages. Each record encodes its fields in declaration order
 * ({@code docs/protocol.md} lists them with their sizes) and decodes with bounds checks.
 */
public final class ControllerMessages
{
    private ControllerMessages()
    {
    }

    /** HELLO request: magic, protocol version, reserved. Response: the server's version (u16). */
    public record Hello(int magic, int version)
    {
        public static final int MAGIC = 0x4B434F50; // "POCK" little-endian
        public static final int VERSION = 3;

        public void encode(final MessageWriter w)
        {
            w.putInt(magic).putShort(version).putShort(0);
        }

        /** The HELLO this version of Pocket sends. */
        public static final Hello CURRENT = new Hello(MAGIC, VERSION);

        public static Hello decode(final MessageReader r)
        {
            final Hello h = new Hello(r.getInt(), r.getShort());
            r.getShort();
            r.end();
            return h;
        }

        /**
         * Reads a HELLO answer (the server's version, u16) and checks it is ours.
         *
         * @throws ProtocolException naming {@code peer} if the versions differ
         */
        public static int checkAnswer(final MessageReader r, final String peer)
        {
            final int version = r.getShort();
            r.end();
            if (version != VERSION)
            {
                throw new ProtocolException(peer + " speaks protocol version " + version + ", this client " + VERSION);
            }
            return version;
        }
    }

    /** REGISTER_JOB request. */
    public record RegisterJob(String name, int lambdas, long capacity, long throughput, boolean latencySensitive)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(name).putInt(lambdas).putLong(capacity).putLong(throughput).putBoolean(latencySensitive);
        }

        public static RegisterJob decode(final MessageReader r)
        {
            final RegisterJob m = read(r);
            r.end();
            return m;
        }

        /** Reads the fields, leaving the reader after them (inside CREATE_JOB and REGISTER_METADATA). */
        public static RegisterJob read(final MessageReader r)
        {
            return new RegisterJob(r.getString(), r.getInt(), r.getLong(), r.getLong(), r.getBoolean());
        }
    }

    /** Response to REGISTER_JOB and ATTACH_JOB: the job's id, its metadata server and weight map. */
    public record JobInfo(String jobId, String name, String metadataAddress, List<WeightEntry> weights)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(jobId).putString(name).putString(metadataAddress);
            WeightEntry.writeList(w, weights);
        }

        public static JobInfo decode(final MessageReader r)
        {
            final JobInfo m = new JobInfo(r.getString(), r.getString(), r.getString(), WeightEntry.readList(r));
            r.end();
            return m;
        }
    }

    /** Capacity of one tier of a storage server. */
    public record TierCapacity(int tier, int blockSize, long blockCount)
    {
        static final int LENGTH = 16;
    }

    /**
     * REGISTER_STORAGE request: where clients reach the server, its tiers, and who it is. {@code incarnation} is
     * drawn at random when the process starts; {@code previousServerId} is the id the server held before (0 on a
     * first registration). The same process registering again sends {@code keptTiers} 0 and holds all its blocks; a
     * restarted process that kept some tiers' blocks on its devices ({@code --nvme-keep}) sends their bit mask
     * ({@code 1 << tier}) and the id it held.
     */
    public record RegisterStorage(String host, int port, boolean alwaysOn, long incarnation, int previousServerId,
        int keptTiers, List<TierCapacity> tiers)
    {
        /** {@code previousServerId} of a first registration. */
        public static final int NO_SERVER_ID = 0;

        /** A first registration. */
        public RegisterStorage(final String host, final int port, final boolean alwaysOn, final List<TierCapacity> tiers)
        {
            this(host, port, alwaysOn, 0, NO_SERVER_ID, 0, tiers);
        }

        public void encode(final MessageWriter w)
        {
            w.putString(host).putInt(port).putBoolean(alwaysOn).putLong(incarnation).putInt(previousServerId)
                .putInt(keptTiers).putInt(tiers.size());
            for (final TierCapacity t : tiers)
            {
                w.putInt(t.tier()).putInt(t.blockSize()).putLong(t.blockCount());
            }
        }

        public static RegisterStorage decode(final MessageReader r)
        {
            final String host = r.getString();
            final int port = r.getInt();
            final boolean alwaysOn = r.getBoolean();
            final long incarnation = r.getLong();
            final int previousServerId = r.getInt();
            final int keptTiers = r.getInt();
            final int n = r.getCount(TierCapacity.LENGTH);
            final List<TierCapacity> tiers = new ArrayList<>(n);
            for (int i = 0; i < n; i++)
            {
                tiers.add(new TierCapacity(r.getInt(), r.getInt(), r.getLong()));
            }
            r.end();
            return new RegisterStorage(host, port, alwaysOn, incarnation, previousServerId, keptTiers, tiers);
        }
    }

    /** STORAGE_LEAVE request: the storage server stops cleanly; its incarnation proves it is the registered process. */
    public record StorageLeave(int serverId, long incarnation)
    {
        public void encode(final MessageWriter w)
        {
            w.putInt(serverId).putLong(incarnation);
        }

        public static StorageLeave decode(final MessageReader r)
        {
            final StorageLeave m = new StorageLeave(r.getInt(), r.getLong());
            r.end();
            return m;
        }
    }

    /** SERVER_BACK request: a storage server is available again with the blocks of the tiers in a bit mask. */
    public record ServerBack(int serverId, int keptTiers)
    {
        /** {@code keptTiers} of the same process coming back: every tier's blocks are intact. */
        public static final int ALL_TIERS = -1;

        public void encode(final MessageWriter w)
        {
            w.putInt(serverId).putInt(keptTiers);
        }

        public static ServerBack decode(final MessageReader r)
        {
            final ServerBack m = new ServerBack(r.getInt(), r.getInt());
            r.end();
            return m;
        }

        /** Whether the blocks of {@code tier} survived. */
        public boolean kept(final int tier)
        {
            return ALL_TIERS == keptTiers || (tier < 31 && (keptTiers & (1 << tier)) != 0);
        }
    }

    /**
     * REGISTER_METADATA request: where the metadata server listens, the ids of the storage servers that offered it
     * blocks, and the jobs it holds. A fresh metadata server sends neither; one that registers again with a controller
     * that restarted sends them all, so the controller rebuilds its view from it.
     */
    public record RegisterMetadata(String address, List<Integer> storageServerIds, List<HeldJob> jobs)
    {
        public void encode(final MessageWriter w)
        {
            w.putString(address).putInt(storageServerIds.size());
            storageServerIds.forEach(w::putInt);
            w.putInt(jobs.size());
            for (final HeldJob job : jobs)
            {
                w.putBoolean(job.ended());
                job.weights().write(w);
                job.hints().encode(w);
            }
        }

        public static RegisterMetadata decode(final MessageReader r)
        {
            final String address = r.getString();
            final int ns = r.getCount(4);
            final List<Integer> serverIds = new ArrayList<>(ns);
            for (int i = 0; i < ns; i++)
            {
                serverIds.add(r.getInt());
            }
            final int n = r.getCount(10);
            final List<HeldJob> jobs = new ArrayList<>(n);
            for (int i = 0; i < n; i++)
            {
                final boolean ended = r.getBoolean();
                jobs.add(new HeldJob(MetadataMessages.JobWeights.read(r), RegisterJob.read(r), ended));
            }
            r.end();
            return new RegisterMetadata(address, serverIds, jobs);
        }
    }

    /**
     * A job a metadata server holds: its weight map and tiers, the hints it registered with (kept for the controller,
     * which holds no state of its own), and whether it was deregistered (PERSIST data left).
     */
    public record HeldJob(MetadataMessages.JobWeights weights, RegisterJob hints, boolean ended)
    {
    }

    /**
     * Response to REGISTER_STORAGE: the server's id, heartbeat period and the metadata servers to offer capacity to.
     * {@code resumed}: the controller took the registration for the server that held {@code previousServerId} (the
     * same process, or a restarted one with kept blocks): it keeps its id and its blocks and offers nothing again.
     * Otherwise the id is fresh (it may still equal an old one from another cluster) and the server starts empty.
     */
    public record StorageRegistered(int serverId, int heartbeatIntervalMs, List<String> metadataAddresses,
        boolean resumed)
    {
        /** A fresh registration. */
        public StorageRegistered(final int serverId, final int heartbeatIntervalMs, final List<String> metadataAddresses)
        {
            this(serverId, heartbeatIntervalMs, metadataAddresses, false);
        }

        public void encode(final MessageWriter w)
        {
            w.putInt(serverId).putInt(heartbeatIntervalMs).putInt(metadataAddresses.size());
            metadataAddresses.forEach(w::putString);
            w.putBoolean(resumed);
        }

        public static StorageRegistered decode(final MessageReader r)
        {
            final int id = r.getInt();
            final int interval = r.getInt();
            final int n = r.getCount(2);
            final List<String> addresses = new ArrayList<>(n);
            for (int i = 0; i < n; i++)
            {
                addresses.add(r.getString());
            }
            final boolean resumed = r.getBoolean();
            r.end();
            return new StorageRegistered(id, interval, addresses, resumed);
        }
    }

    /** Use of one tier: blocks holding data and blocks free. */
    public record TierUsage(int tier, int blockSize, long usedBlocks, long freeBlocks)
    {
        static final int LENGTH = 24;

        static void writeList(final MessageWriter w, final List<TierUsage> tiers)
        {
            w.putInt(tiers.size());
            for (final TierUsage t : tiers)
            {
                w.putInt(t.tier).putInt(t.blockSize).putLong(t.usedBlocks).putLong(t.freeBlocks);
            }
        }

        static List<TierUsage> readList(final MessageReader r)
        {
            final int n = r.getCount(LENGTH);
            final List<TierUsage> tiers = new ArrayList<>(n);
            for (int i = 0; i < n; i++)
            {
                tiers.add(new TierUsage(r.getInt(), r.getInt(), r.getLong(), r.getLong()));
            }
            return tiers;
        }
    }

    /** STORAGE_HEARTBEAT request, every second. Response: u8 kill flag (1 = drain and exit). */
    public record StorageHeartbeat(int serverId, double cpu, long rxBytesPerSecond, long txBytesPerSecond, List<TierUsage> tiers)
    {
        public void encode(final MessageWriter w)
        {
            w.putInt(serverId).putDouble(cpu).putLong(rxBytesPerSecond).putLong(txBytesPerSecond);
            TierUsage.writeList(w, tiers);
        }

        public static StorageHeartbeat decode(final MessageReader r)
        {
            final StorageHeartbeat m = new StorageHeartbeat(r.getInt(), r.getDouble(), r.getLong(), r.getLong(), TierUsage.readList(r));
            r.end();
            return m;
        }
    }

    /**
     * One storage server as {@code status} shows it. {@code silentMs}: time since its last heartbeat, not counting
     * the controller's own stalls; {@code suspected}: alive but silent for longer than two heartbeat periods;
     * {@code left}: not alive because it stopped cleanly (STORAGE_LEAVE) rather than lost.
     */
    public record ServerStatus(int serverId, String address, boolean alive, boolean alwaysOn, double cpu,
        long rxBytesPerSecond, long txBytesPerSecond, List<TierUsage> tiers, boolean suspected, long silentMs,
        boolean left)
    {
        /** A server that did not leave: alive, suspected or lost. */
        public ServerStatus(final int serverId, final String address, final boolean alive, final boolean alwaysOn,
            final double cpu, final long rxBytesPerSecond, final long txBytesPerSecond, final List<TierUsage> tiers,
            final boolean suspected, final long silentMs)
        {
            this(serverId, address, alive, alwaysOn, cpu, rxBytesPerSecond, txBytesPerSecond, tiers, suspected, silentMs,
                false);
        }

        /** A server heard from just now. */
        public ServerStatus(final int serverId, final String address, final boolean alive, final boolean alwaysOn,
            final double cpu, final long rxBytesPerSecond, final long txBytesPerSecond, final List<TierUsage> tiers)
        {
            this(serverId, address, alive, alwaysOn, cpu, rxBytesPerSecond, txBytesPerSecond, tiers, false, 0, false);
        }
    }

    /** One registered job as {@code status} shows it, with its tier placement (tier codes in order; empty = any). */
    public record JobStatus(String jobId, String name, String metadataAddress, List<Integer> tiers)
    {
        /** A job with no tier preference (any tier). */
        public JobStatus(final String jobId, final String name, final String metadataAddress)
        {
            this(jobId, name, metadataAddress, List.of());
        }
    }

    /** Response to CLUSTER_STATUS. */
    public record ClusterStatus(List<String> metadataAddresses, List<ServerStatus> servers, List<JobStatus> jobs)
    {
        public void encode(final MessageWriter w)
        {
            w.putInt(metadataAddresses.size());
            metadataAddresses.forEach(w::putString);
            w.putInt(servers.size());
            for (final ServerStatus s : servers)
            {
                w.putInt(s.serverId()).putString(s.address()).putBoolean(s.alive()).putBoolean(s.alwaysOn())
                    .putDouble(s.cpu()).putLong(s.rxBytesPerSecond()).putLong(s.txBytesPerSecond());
                TierUsage.writeList(w, s.tiers());
                w.putBoolean(s.suspected()).putLong(s.silentMs()).putBoolean(s.left());
            }
            w.putInt(jobs.size());
            for (final JobStatus j : jobs)
            {
                w.putString(j.jobId()).putString(j.name()).putString(j.metadataAddress()).putInt(j.tiers().size());
                for (final int tier : j.tiers())
                {
                    w.putByte(tier);
                }
            }
        }

        public static ClusterStatus decode(final MessageReader r)
        {
            final int nm = r.getCount(2);
            final List<String> metadata = new ArrayList<>(nm);
            for (int i = 0; i < nm; i++)
            {
                metadata.add(r.getString());
            }
            final int ns = r.getCount(44);
            final List<ServerStatus> servers = new ArrayList<>(ns);
            for (int i = 0; i < ns; i++)
            {
                servers.add(new ServerStatus(r.getInt(), r.getString(), r.getBoolean(), r.getBoolean(), r.getDouble(),
                    r.getLong(), r.getLong(), TierUsage.readList(r), r.getBoolean(), r.getLong(), r.getBoolean()));
            }
            final int nj = r.getCount(10);
            final List<JobStatus> jobs = new ArrayList<>(nj);
            for (int i = 0; i < nj; i++)
            {
                final String jobId = r.getString();
                final String name = r.getString();
                final String metadataAddress = r.getString();
                final int nt = r.getCount(1);
                final List<Integer> tiers = new ArrayList<>(nt);
                for (int t = 0; t < nt; t++)
                {
                    tiers.add(r.getByte());
                }
                jobs.add(new JobStatus(jobId, name, metadataAddress, tiers));
            }
            r.end();
            return new ClusterStatus(metadata, servers, jobs);
        }
    }
}
