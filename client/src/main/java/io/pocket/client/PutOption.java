package io.pocket.client;

/** Options of {@link Job#put}. */
public enum PutOption
{
    /**
     * Store the object on the always-on storage servers so that it outlives its job: after
     * deregistration it stays readable and deletable under the old job id until it is deleted
     * or its time-to-live ends.
     */
    PERSIST
}
