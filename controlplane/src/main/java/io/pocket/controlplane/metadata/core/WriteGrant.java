package io.pocket.controlplane.metadata.core;

import java.util.List;

/**
 * The answer to creating an object: the handle for its further allocations, seal or abort, and the
 * blocks allocated so far.
 *
 * @param writeId handle of the unsealed object
 * @param blocks  blocks allocated by the create, in order, immutable; may be fewer than asked for
 */
public record WriteGrant(long writeId, List<AllocatedBlock> blocks)
{
}
