package io.pocket.controlplane.metadata.core;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.JobNotFoundException;
import io.pocket.protocol.ControllerMessages.RegisterJob;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The known jobs by id and the jobs of pending delete-reads by read token, both found without a lock,
 * and the source of write ids and read tokens (one sequence, so they never collide).
 */
final class JobNamespaces
{
    private final ConcurrentHashMap<String, JobNamespace> jobById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, JobNamespace> jobByReadToken = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    /** @throws InvalidArgumentException if a job of that id is known */
    void create(final String jobId, final WeightMap weights, final RegisterJob hints)
    {
        if (null != jobById.putIfAbsent(jobId, new JobNamespace(jobId, weights, hints)))
        {
            throw new InvalidArgumentException("job " + jobId + " already exists");
        }
    }

    boolean contains(final String jobId)
    {
        return null != jobId && jobById.containsKey(jobId);
    }

    /**
     * The job of that id; the caller must still check {@link JobNamespace#checkKnown()} under its lock.
     *
     * @throws JobNotFoundException if it is not known
     */
    JobNamespace get(final String jobId)
    {
        if (null == jobId)
        {
            throw new InvalidArgumentException("job id must not be empty");
        }

        final JobNamespace job = jobById.get(jobId);
        if (null == job)
        {
            throw new JobNotFoundException("no job " + jobId);
        }

        return job;
    }

    /** A weakly consistent view of the known jobs. */
    Collection<JobNamespace> all()
    {
        return jobById.values();
    }

    long nextHandle()
    {
        return nextHandle.getAndIncrement();
    }

    void addReadToken(final long readToken, final JobNamespace job)
    {
        jobByReadToken.put(readToken, job);
    }

    /** @return the job of a pending delete-read, or null */
    JobNamespace removeReadToken(final long readToken)
    {
        return jobByReadToken.remove(readToken);
    }

    void removeReadTokens(final List<Long> readTokens)
    {
        for (int i = 0, size = readTokens.size(); i < size; i++)
        {
            jobByReadToken.remove(readTokens.get(i));
        }
    }

    /** Forgets an ended job with nothing left in it. Call under the job's lock. */
    void forgetIfDone(final JobNamespace job)
    {
        if (job.canBeForgotten())
        {
            job.forgotten = true;
            jobById.remove(job.id, job);
        }
    }
}
