package io.pocket.client;

import io.pocket.protocol.MetadataMessages;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Job} a {@link PocketClient} hands out: checks arguments on the calling thread, then
 * runs each call as its own pipeline over the client's shared connections. Safe for many threads.
 * After {@link #close()} (or {@link #deregister()}, or closing the client) every call throws
 * {@link IllegalStateException}; calls already under way finish normally.
 */
final class PocketJob implements Job
{
    private final PocketClient client;
    private final JobSession session;
    private volatile boolean closed;

    PocketJob(final PocketClient client, final JobSession session)
    {
        this.client = client;
        this.session = session;
    }

    @Override
    public String id()
    {
        return session.jobId();
    }

    /** Address of the metadata server that serves this job. */
    String metadataAddress()
    {
        return session.metadataAddress();
    }

    @Override
    public void put(final String name, final ByteBuffer src, final PutOption... options)
    {
        final int flags = putFlags(name, options);
        Names.checkNotNull(src, "source buffer");
        ObjectPuts.fromBuffer(session, name, flags, src);
    }

    @Override
    public void put(final String name, final byte[] src, final PutOption... options)
    {
        final int flags = putFlags(name, options);
        Names.checkNotNull(src, "source array");
        ObjectPuts.fromBuffer(session, name, flags, ByteBuffer.wrap(src));
    }

    @Override
    public void put(final String name, final Path src, final PutOption... options)
    {
        final int flags = putFlags(name, options);
        Names.checkNotNull(src, "source path");
        ObjectPuts.fromFile(session, name, flags, src);
    }

    @Override
    public ByteBuffer get(final String name, final GetOption... options)
    {
        final boolean delete = isDelete(name, options);
        return ObjectGets.toNewBuffer(session, name, delete);
    }

    @Override
    public long get(final String name, final ByteBuffer dst, final GetOption... options)
    {
        final boolean delete = isDelete(name, options);
        Names.checkNotNull(dst, "destination buffer");
        return ObjectGets.intoBuffer(session, name, dst, delete);
    }

    @Override
    public long get(final String name, final Path dst, final GetOption... options)
    {
        final boolean delete = isDelete(name, options);
        Names.checkNotNull(dst, "destination path");
        return ObjectGets.intoFile(session, name, dst, delete);
    }

    @Override
    public InputStream openInput(final String name, final GetOption... options)
    {
        final boolean delete = isDelete(name, options);
        return new PocketInputStream(session, name, delete);
    }

    @Override
    public OutputStream openOutput(final String name, final PutOption... options)
    {
        final int flags = putFlags(name, options);
        return new PocketOutputStream(session, name, flags);
    }

    @Override
    public ObjectInfo lookup(final String name)
    {
        ensureOpen();
        return ObjectMetadata.lookup(session, Names.checkObjectName(name));
    }

    @Override
    public List<ObjectInfo> lookupAll(final List<String> names)
    {
        ensureOpen();
        final List<String> checked = new ArrayList<>(Names.checkNotNull(names, "names").size());
        for (final String name : names)
        {
            checked.add(Names.checkObjectName(Names.checkNotNull(name, "name " + checked.size() + " of the batch")));
        }
        return ObjectMetadata.lookupAll(session, checked);
    }

    @Override
    public boolean exists(final String name)
    {
        ensureOpen();
        Names.checkObjectName(name);
        try
        {
            ObjectMetadata.lookup(session, name);
            return true;
        }
        catch (final ObjectNotFoundException ex)
        {
            return false;
        }
    }

    @Override
    public void delete(final String name)
    {
        ensureOpen();
        ObjectMetadata.delete(session, Names.checkObjectName(name));
    }

    @Override
    public void createBucket(final String bucket)
    {
        ensureOpen();
        ObjectMetadata.createBucket(session, Names.checkBucketName(bucket));
    }

    @Override
    public void deleteBucket(final String bucket)
    {
        ensureOpen();
        ObjectMetadata.deleteBucket(session, Names.checkBucketName(bucket));
    }

    @Override
    public List<ObjectInfo> enumerate(final String bucket)
    {
        ensureOpen();
        return ObjectMetadata.enumerate(session, Names.checkEnumerable(bucket));
    }

    /** DEREGISTER_JOB at the controller, then closes this handle (also when the job was gone already). */
    @Override
    public void deregister()
    {
        ensureOpen();
        try
        {
            client.deregister(session.jobId());
        }
        catch (final JobNotFoundException ex)
        {
            closed = true;
            throw ex;
        }
        closed = true;
    }

    @Override
    public void close()
    {
        closed = true;
    }

    @Override
    public String toString()
    {
        return "Job{" + session.jobId() + " at " + session.metadataAddress() + (closed ? ", closed" : "") + '}';
    }

    private int putFlags(final String name, final PutOption[] options)
    {
        ensureOpen();
        Names.checkObjectName(name);
        int flags = 0;
        for (final PutOption option : Names.checkNotNull(options, "options"))
        {
            if (Names.checkNotNull(option, "put option") == PutOption.PERSIST)
            {
                flags |= MetadataMessages.FLAG_PERSIST;
            }
        }
        return flags;
    }

    private boolean isDelete(final String name, final GetOption[] options)
    {
        ensureOpen();
        Names.checkObjectName(name);
        boolean delete = false;
        for (final GetOption option : Names.checkNotNull(options, "options"))
        {
            delete |= Names.checkNotNull(option, "get option") == GetOption.DELETE;
        }
        return delete;
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("handle of job " + session.jobId() + " is closed");
        }
        client.ensureOpen();
    }
}
