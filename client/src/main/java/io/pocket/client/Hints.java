package io.pocket.client;

/**
 * What a job tells the controller about itself at registration (paper §4.1). Every field is
 * optional: zero means "no hint". The controller sizes the job from the hints it gets.
 */
public final class Hints
{
    private int lambdas;
    private long capacityBytes;
    private long throughputBytesPerSecond;
    private boolean latencySensitive = true;

    public static Hints none()
    {
        return new Hints();
    }

    /** Number of concurrent lambdas of the job; must be >= 0. */
    public Hints lambdas(final int lambdas)
    {
        if (lambdas < 0)
        {
            throw new InvalidArgumentException("lambdas must be >= 0, got " + lambdas);
        }
        this.lambdas = lambdas;
        return this;
    }

    /** Total capacity the job needs at its peak, in bytes; must be >= 0. */
    public Hints capacity(final long bytes)
    {
        if (bytes < 0)
        {
            throw new InvalidArgumentException("capacity must be >= 0, got " + bytes);
        }
        this.capacityBytes = bytes;
        return this;
    }

    /** Peak aggregate throughput of the job, in bytes per second; must be >= 0. */
    public Hints throughput(final long bytesPerSecond)
    {
        if (bytesPerSecond < 0)
        {
            throw new InvalidArgumentException("throughput must be >= 0, got " + bytesPerSecond);
        }
        this.throughputBytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Whether the job's latency matters (default true); a latency-insensitive job gets no DRAM. */
    public Hints latencySensitive(final boolean latencySensitive)
    {
        this.latencySensitive = latencySensitive;
        return this;
    }

    public int lambdas()
    {
        return lambdas;
    }

    public long capacity()
    {
        return capacityBytes;
    }

    public long throughput()
    {
        return throughputBytesPerSecond;
    }

    public boolean latencySensitive()
    {
        return latencySensitive;
    }

    @Override
    public String toString()
    {
        return "Hints{lambdas=" + lambdas + ", capacity=" + capacityBytes + ", throughput=" + throughputBytesPerSecond +
            ", latencySensitive=" + latencySensitive + '}';
    }
}
