package io.pocket.transport;

import io.pocket.client.PocketException;
import io.pocket.client.ServiceUnavailableException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for responses at the API edge: typed exceptions out, timeouts as service failures. */
public final class Futures
{
    private Futures()
    {
    }

    /**
     * Waits for {@code future}; a {@link PocketException} it failed with is rethrown as is (with
     * this thread's stack as a suppressed trace), a timeout becomes {@link ServiceUnavailableException}.
     */
    public static <T> T await(final CompletableFuture<T> future, final long timeoutMs, final String peer)
    {
        try
        {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw rethrow(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            future.cancel(false);
            throw new ServiceUnavailableException(peer + " did not answer within " + timeoutMs + " ms");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while waiting for " + peer);
        }
    }

    /** Unwraps completion wrappers and returns the typed exception to throw. */
    public static RuntimeException rethrow(final Throwable cause)
    {
        Throwable t = cause;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null)
        {
            t = t.getCause();
        }
        if (t instanceof PocketException)
        {
            final PocketException pe = (PocketException)t;
            pe.addSuppressed(new Exception("awaited here"));
            return pe;
        }
        if (t instanceof RuntimeException)
        {
            return (RuntimeException)t;
        }
        return new ServiceUnavailableException(String.valueOf(t), t);
    }
}
