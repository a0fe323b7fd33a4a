package io.pocket.dataplane.device;

import io.pocket.dataplane.tier.DeviceTier;

/**
 * How a {@link DeviceBlockPath} serves one device tier.
 *
 * @param tier       the tier.
 * @param queueDepth requests in flight per I/O thread.
 * @param sqpoll     let a kernel thread poll the io_uring submission queue (io_uring only).
 */
public record DeviceQueueConfig(DeviceTier tier, int queueDepth, boolean sqpoll)
{
}
