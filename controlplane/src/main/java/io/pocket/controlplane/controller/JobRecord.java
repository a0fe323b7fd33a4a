package io.pocket.controlplane.controller;

import io.pocket.protocol.ControllerMessages.JobInfo;
import io.pocket.protocol.ControllerMessages.JobStatus;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.WeightEntry;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One registered job: its hints, the metadata server that serves it, and the weight map and tier
 * order it was given. Owned by the control loop.
 */
final class JobRecord
{
    private final String jobId;
    private final RegisterJob hints;
    private final String metadataAddress;
    private final List<WeightEntry> weights;
    private final List<Integer> tiers;
    private final long registeredMs;
    private final JobInfo info;
    private CompletableFuture<Long> freeing;

    JobRecord(final String jobId, final RegisterJob hints, final String metadataAddress,
        final List<WeightEntry> weights, final List<Integer> tiers, final long registeredMs)
    {
        this.jobId = jobId;
        this.hints = hints;
        this.metadataAddress = metadataAddress;
        this.weights = List.copyOf(weights);
        this.tiers = List.copyOf(tiers);
        this.registeredMs = registeredMs;
        this.info = new JobInfo(jobId, hints.name(), metadataAddress, this.weights);
    }

    String jobId()
    {
        return jobId;
    }

    String name()
    {
        return hints.name();
    }

    RegisterJob hints()
    {
        return hints;
    }

    String metadataAddress()
    {
        return metadataAddress;
    }

    List<WeightEntry> weights()
    {
        return weights;
    }

    /** Tier codes the job's blocks may go to, most preferred first. */
    List<Integer> tiers()
    {
        return tiers;
    }

    long registeredMs()
    {
        return registeredMs;
    }

    /** The answer to REGISTER_JOB and ATTACH_JOB. */
    JobInfo info()
    {
        return info;
    }

    JobStatus status()
    {
        return new JobStatus(jobId, hints.name(), metadataAddress, tiers);
    }

    /** The FREE_JOB in flight for this job (the number of blocks freed), or null. */
    CompletableFuture<Long> freeing()
    {
        return freeing;
    }

    void freeing(final CompletableFuture<Long> freeing)
    {
        this.freeing = freeing;
    }
}
