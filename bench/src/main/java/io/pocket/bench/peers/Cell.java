package io.pocket.bench.peers;

import io.pocket.client.Sizes;

/**
 * One cell of the grid: a system, an operation, an object size and a number of client threads.
 *
 * @param system  {@code pocket}, {@code redis} or {@code memcached}
 * @param op      put or get
 * @param size    object size in bytes
 * @param clients client threads, one operation in flight each
 */
public record Cell(String system, PeerOp op, long size, int clients)
{
    /** E.g. {@code redis get 1m x16}. */
    public String describe()
    {
        return system + " " + op.label() + " " + Sizes.format(size) + " x" + clients;
    }
}
