package io.pocket.dataplane.device;

import io.pocket.client.InvalidArgumentException;
import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;
import io.pocket.dataplane.io.IoStatus;
import io.pocket.dataplane.tier.DeviceTier;
import io.pocket.protocol.ErrorCode;

import java.util.concurrent.TimeUnit;

/**
 * The errors a {@link DeviceQueue} answers, each naming the tier, its file and the block; built only on the error
 * path.
 */
final class DeviceErrors
{
    private final DeviceTier tier;

    DeviceErrors(final DeviceTier tier)
    {
        this.tier = tier;
    }

    /** A completion that did not transfer the whole request: {@code -errno} or a short count. */
    PocketException transfer(final StagingSlot slot, final int result)
    {
        if (result < 0)
        {
            return new PocketException(ErrorCode.INTERNAL_ERROR, prefix() + op(slot) + " of block " + slot.blockId +
                " failed: " + IoStatus.describe(result));
        }
        return new PocketException(ErrorCode.INTERNAL_ERROR, prefix() + "short " + op(slot) + " of block " +
            slot.blockId + ": " + result + " of " + slot.ioLength + " bytes");
    }

    /** The block was freed or reused while it was being read. */
    PocketException staleRead(final StagingSlot slot)
    {
        return new PocketException(ErrorCode.STALE_BLOCK, "block " + slot.blockId + " no longer holds generation " +
            slot.generation + " (freed or reused during the read)");
    }

    /** Every staging buffer of the I/O thread is in use. */
    PocketException busy(final int capacity, final long blockId)
    {
        return new ServiceUnavailableException(tier.kind() + " tier busy: all " + capacity +
            " staging buffers of this I/O thread are in use (block " + blockId + "); retry later");
    }

    /** The engine refused to prepare the request. */
    PocketException refused(final StagingSlot slot, final int status)
    {
        if (IoStatus.CLOSED == status)
        {
            return new ServiceUnavailableException(tier.kind() + " tier " + tier.file().path() + " is closing");
        }
        return new InvalidArgumentException(prefix() + op(slot) + " of block " + slot.blockId + " refused: " +
            IoStatus.describe(status) + " (file offset " + slot.fileOffset + ", " + slot.ioLength + " bytes)");
    }

    /** The request waited in the backlog for longer than allowed. */
    PocketException queueFull(final StagingSlot slot, final long waitedNanos, final int inFlight)
    {
        return new ServiceUnavailableException(prefix() + "queue full for " +
            TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms, " + inFlight + " requests on the device; block " +
            slot.blockId + " not " + (StagingSlot.WRITE == slot.op ? "written" : "read"));
    }

    private String prefix()
    {
        return tier.kind() + " tier " + tier.file().path() + ": ";
    }

    private static String op(final StagingSlot slot)
    {
        return StagingSlot.WRITE == slot.op ? "write" : "read";
    }
}
