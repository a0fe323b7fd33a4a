package io.pocket.client;

/**
 * What {@link Job#lookup} and {@link Job#enumerate} report about a sealed object.
 *
 * @param name       the object's full name, {@code bucket/object} or a top-level {@code object}
 * @param size       its size in bytes
 * @param persistent whether it was put with {@link PutOption#PERSIST}
 */
public record ObjectInfo(String name, long size, boolean persistent)
{
}
