package io.pocket.controlplane.controller;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.JobNotFoundException;
import io.pocket.protocol.ControllerMessages.HeldJob;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.MetadataMessages.JobWeights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The registry of jobs by id, in registration order, and the rules for a registration.
 * Job ids are {@code name-counter}, unique for the controller's lifetime. Owned by the control
 * loop; not thread-safe.
 */
final class JobRegistry
{
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Deregistered jobs remembered so that their PERSIST objects stay reachable under the old id. */
    static final int ENDED_JOBS_KEPT = 10_000;

    private final Map<String, JobRecord> byId = new LinkedHashMap<>();
    private final Map<String, JobRecord> ended = new LinkedHashMap<>(16, 0.75f, false)
    {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, JobRecord> eldest)
        {
            return size() > ENDED_JOBS_KEPT;
        }
    };
    private long counter;

    /** Checks a registration's name and hints; throws {@link InvalidArgumentException} saying what is wrong. */
    static void validate(final RegisterJob request)
    {
        final String name = request.name();
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new InvalidArgumentException("job name must be 1 to 64 characters of A-Z a-z 0-9 . _ -, got '" +
                name + "'");
        }
        if (request.lambdas() < 0)
        {
            throw new InvalidArgumentException("lambdas must be >= 0, got " + request.lambdas());
        }
        if (request.capacity() < 0)
        {
            throw new InvalidArgumentException("capacity must be >= 0, got " + request.capacity());
        }
        if (request.throughput() < 0)
        {
            throw new InvalidArgumentException("throughput must be >= 0, got " + request.throughput());
        }
    }

    /**
     * Takes back the jobs a metadata server holds that this registry does not know (the controller restarted):
     * running ones as running, deregistered ones (PERSIST data left) as ended, with the hints, weight maps and tiers
     * the metadata server kept. Fresh ids continue above the highest id taken back.
     *
     * @return how many jobs were taken back
     */
    int restore(final List<HeldJob> held, final String metadataAddress, final long nowMs)
    {
        int restored = 0;
        for (final HeldJob job : held)
        {
            final JobWeights weights = job.weights();
            final String jobId = weights.jobId();
            final int dash = jobId.lastIndexOf('-');
            if (dash > 0)
            {
                try
                {
                    counter = Math.max(counter, Long.parseLong(jobId.substring(dash + 1)));
                }
                catch (final NumberFormatException ex)
                {
                    // not one of our ids: nothing to reserve
                }
            }
            if (byId.containsKey(jobId) || ended.containsKey(jobId))
            {
                continue;
            }
            final JobRecord record = new JobRecord(jobId, job.hints(), metadataAddress, weights.weights(),
                weights.tiers(), nowMs);
            (job.ended() ? ended : byId).put(jobId, record);
            restored++;
        }
        return restored;
    }

    /** A fresh job id for a job of this name. */
    String nextId(final String name)
    {
        return name + "-" + (++counter);
    }

    void add(final JobRecord job)
    {
        byId.put(job.jobId(), job);
    }

    /** The job, or {@link JobNotFoundException}. */
    JobRecord require(final String jobId)
    {
        final JobRecord job = byId.get(jobId);
        if (job == null)
        {
            throw new JobNotFoundException(ended.containsKey(jobId) ? "job " + jobId + " has ended" : "no job " + jobId);
        }
        return job;
    }

    /**
     * A running job, or a deregistered one whose PERSIST objects may still be read and deleted
     * under its id (its metadata server answers JOB_NOT_FOUND once none is left).
     */
    JobRecord requireForAttach(final String jobId)
    {
        final JobRecord job = byId.get(jobId);
        if (job != null)
        {
            return job;
        }
        final JobRecord old = ended.get(jobId);
        if (old == null)
        {
            throw new JobNotFoundException("no job " + jobId);
        }
        return old;
    }

    /** The job has been deregistered: it leaves the running jobs, and is remembered as ended. */
    void remove(final String jobId)
    {
        final JobRecord job = byId.remove(jobId);
        if (job != null)
        {
            ended.put(jobId, job);
        }
    }

    int size()
    {
        return byId.size();
    }

    List<JobStatus> statuses()
    {
        final List<JobStatus> statuses = new ArrayList<>(byId.size());
        for (final JobRecord j : byId.values())
        {
            statuses.add(j.status());
        }
        return statuses;
    }
}
