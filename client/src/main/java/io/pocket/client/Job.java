package io.pocket.client;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A registered job as one lambda sees it: its namespace of buckets and write-once objects.
 * Names are {@code bucket/object} or a top-level {@code object}. A {@code Job} is safe to use
 * from many threads. {@link #close()} lets go of this handle; {@link #deregister()} ends the job
 * and frees all of its data except objects put with {@link PutOption#PERSIST}.
 */
public interface Job extends AutoCloseable
{
    /** The job id the controller assigned; other lambdas join with {@link PocketClient#attach}. */
    String id();

    /** Writes {@code src} (from its position to its limit) as a new object; the buffer's position is not changed. */
    void put(String name, ByteBuffer src, PutOption... options);

    void put(String name, byte[] src, PutOption... options);

    /** Writes the whole file as a new object. */
    void put(String name, Path src, PutOption... options);

    /**
     * Reads a whole object into a new heap buffer, positioned at 0 with limit = size. To read into
     * memory of your own (a reused direct buffer takes the bytes straight from the socket), use
     * {@link #get(String, ByteBuffer, GetOption...)}.
     */
    ByteBuffer get(String name, GetOption... options);

    /**
     * Reads a whole object into {@code dst} from its position; the position advances by the size.
     *
     * @return the object's size
     * @throws InvalidArgumentException when dst has too little room (nothing is consumed, even with DELETE)
     */
    long get(String name, ByteBuffer dst, GetOption... options);

    /** Reads a whole object into a file, which is created or truncated. @return the object's size */
    long get(String name, Path dst, GetOption... options);

    /** A stream over an object of any size, reading ahead block by block. */
    InputStream openInput(String name, GetOption... options);

    /**
     * A stream that writes a new object of any size block by block. The object becomes visible
     * when the stream is closed; if the writer fails or disappears first, nothing stays visible.
     */
    OutputStream openOutput(String name, PutOption... options);

    /** @throws ObjectNotFoundException if there is no such sealed object */
    ObjectInfo lookup(String name);

    /**
     * The {@link #lookup} of every name, in the order given: the LOOKUPs are pipelined over one
     * connection to the metadata server, so a batch costs about one round trip per window of
     * requests rather than one per name. An empty list gives an empty list.
     *
     * @throws InvalidArgumentException if the list or one of its names is null or not a valid name (nothing is sent)
     * @throws ObjectNotFoundException  if any name has no sealed object: the first missing one in list order is
     *                                  named, with how many of the batch were missing
     */
    List<ObjectInfo> lookupAll(List<String> names);

    /**
     * Whether a sealed object of that name exists.
     *
     * @throws DataUnavailableException if it exists but a block of it is on a lost storage server (as {@link #lookup})
     */
    boolean exists(String name);

    void delete(String name);

    void createBucket(String bucket);

    /** @throws BucketNotEmptyException if the bucket still holds objects */
    void deleteBucket(String bucket);

    /** The sealed objects of a bucket with their sizes; {@code ""} lists the job's top-level objects. */
    List<ObjectInfo> enumerate(String bucket);

    /** Ends the job at the controller: every non-PERSIST block of it is freed. Closes this handle. */
    void deregister();

    /** Lets go of this handle; the job and its data stay. */
    @Override
    void close();
}
