package io.pocket.controlplane.controller;

import io.pocket.client.JobNotFoundException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.controlplane.controller.MetadataServers.MetadataServer;
import io.pocket.protocol.ControllerMessages.RegisterJob;
import io.pocket.protocol.ErrorCode;
import io.pocket.protocol.MetadataMessages.CreateJob;
import io.pocket.protocol.MetadataMessages.JobWeights;
import io.pocket.protocol.Opcodes;
import io.pocket.protocol.WeightEntry;
import io.pocket.transport.Encoder;
import io.pocket.transport.ResponseDecoder;
import io.pocket.transport.ServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The job flows of {@code docs/flows.md}: register (tiers, weights, pick a metadata server, CREATE_JOB),
 * attach, and deregister (FREE_JOB). Entry points run on the control loop; answers from metadata
 * servers come back to the loop before they touch the registry, and the client is answered only
 * then. Nothing here waits.
 */
final class JobCoordinator
{
    private static final Logger LOG = LoggerFactory.getLogger(JobCoordinator.class);
    private static final ResponseDecoder<Long> FREED_BLOCKS = r ->
    {
        final long freed = r.getLong();
        r.end();
        return freed;
    };

    private final JobRegistry jobs;
    private final StorageServers storage;
    private final MetadataServers metadata;
    private final WeightMapPolicy policy;
    private final TierPolicy tierPolicy = new TierPolicy();
    private final Executor loop;
    private final LongSupplier clock;

    JobCoordinator(final JobRegistry jobs, final StorageServers storage, final MetadataServers metadata,
        final WeightMapPolicy policy, final Executor loop, final LongSupplier clock)
    {
        this.jobs = jobs;
        this.storage = storage;
        this.metadata = metadata;
        this.policy = policy;
        this.loop = loop;
        this.clock = clock;
    }

    /** REGISTER_JOB: answers JobInfo once the chosen metadata server has created the job. */
    void register(final ServerConnection connection, final long correlationId, final RegisterJob request)
    {
        JobRegistry.validate(request);
        if (metadata.isEmpty())
        {
            throw new ServiceUnavailableException("no metadata server registered yet");
        }
        if (!storage.anyAlive())
        {
            throw new ServiceUnavailableException("no storage server registered yet");
        }
        final List<Integer> tiers = tierPolicy.tiersFor(request, storage.all());
        final List<WeightEntry> weights = policy.weightsFor(request, tiers, storage.all());
        final MetadataServer server = metadata.next();
        final String jobId = jobs.nextId(request.name());
        final JobWeights create = new JobWeights(jobId, weights, tiers);
        metadata.call(server.address(), Opcodes.CREATE_JOB, new CreateJob(create, request)::encode,
                ResponseDecoder.EMPTY)
            .whenCompleteAsync((ok, failure) ->
            {
                if (failure == null)
                {
                    final JobRecord job =
                        new JobRecord(jobId, request, server.address(), weights, tiers, clock.getAsLong());
                    jobs.add(job);
                    LOG.info("job {} registered on metadata server {} over {} storage servers, tiers {}", jobId,
                        server.address(), weights.size(), TierPolicy.names(tiers));
                    connection.reply(Opcodes.REGISTER_JOB, correlationId, job.info()::encode);
                }
                else
                {
                    final String why = MetadataServers.unwrap(failure).getMessage();
                    LOG.warn("job {} not registered: metadata server {} failed CREATE_JOB: {}", jobId, server.address(),
                        why);
                    connection.replyError(Opcodes.REGISTER_JOB, correlationId, ErrorCode.SERVICE_UNAVAILABLE,
                        "metadata server " + server.address() + " could not create job " + jobId + ": " + why);
                    forgetOnMetadataServer(server.address(), jobId);
                }
            }, loop);
    }

    /**
     * After a failed CREATE_JOB the metadata server may still have created the job (a timeout, a
     * dropped answer): free it there, best effort, so it does not linger.
     */
    private void forgetOnMetadataServer(final String address, final String jobId)
    {
        metadata.call(address, Opcodes.FREE_JOB, w -> w.putString(jobId), FREED_BLOCKS).whenComplete((freed, failure) ->
        {
            if (failure == null)
            {
                LOG.info("job {}: freed on metadata server {} after its failed registration", jobId, address);
            }
        });
    }

    /** ATTACH_JOB. */
    void attach(final ServerConnection connection, final long correlationId, final String jobId)
    {
        final JobRecord job = jobs.requireForAttach(jobId);
        connection.reply(Opcodes.ATTACH_JOB, correlationId, job.info()::encode);
    }

    /**
     * DEREGISTER_JOB: FREE_JOB to the job's metadata server, then the job is forgotten and the
     * client answered. If the metadata server fails, the error is answered and the job kept (so it
     * can be deregistered again). A metadata server that does not know the job has nothing to free
     * (it restarted): the job is forgotten too. Concurrent deregistrations share one FREE_JOB.
     */
    void deregister(final ServerConnection connection, final long correlationId, final String jobId)
    {
        final JobRecord job = jobs.require(jobId);
        CompletableFuture<Long> freeing = job.freeing();
        if (freeing == null)
        {
            freeing = free(job);
        }
        freeing.whenComplete((freed, failure) ->
        {
            if (failure == null)
            {
                connection.reply(Opcodes.DEREGISTER_JOB, correlationId, Encoder.EMPTY);
            }
            else
            {
                connection.replyError(Opcodes.DEREGISTER_JOB, correlationId, failure);
            }
        });
    }

    private CompletableFuture<Long> free(final JobRecord job)
    {
        final String jobId = job.jobId();
        final String address = job.metadataAddress();
        final CompletableFuture<Long> freeing = new CompletableFuture<>();
        job.freeing(freeing);
        metadata.call(address, Opcodes.FREE_JOB, w -> w.putString(jobId), FREED_BLOCKS)
            .whenCompleteAsync((freed, failure) ->
            {
                job.freeing(null);
                final Throwable cause = failure == null ? null : MetadataServers.unwrap(failure);
                if (cause == null || cause instanceof JobNotFoundException)
                {
                    jobs.remove(jobId);
                    LOG.info("job {} deregistered: {} blocks freed on metadata server {}", jobId,
                        freed == null ? "no" : freed, address);
                    freeing.complete(freed == null ? 0L : freed);
                }
                else
                {
                    LOG.warn("job {} not deregistered: metadata server {} failed FREE_JOB: {}", jobId, address,
                        cause.getMessage());
                    final ErrorCode code = ErrorCode.of(cause);
                    freeing.completeExceptionally(code.toException("metadata server " + address +
                        " could not free job " + jobId + ": " + cause.getMessage()));
                }
            }, loop);
        return freeing;
    }
}
