package io.pocket.client;

/** Options of {@link Job#get}. */
public enum GetOption
{
    /**
     * Free the object right after it has been read. Exactly one reader gets the object even when
     * several race; the others see {@link ObjectNotFoundException}.
     */
    DELETE
}
