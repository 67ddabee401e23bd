package org.imagedownloader.store;

/**
 * The store could not be reached at all (no connection to it, after its client's own retries), as when
 * the network is gone: its items wait for it as they wait for a network that is gone, instead of failing
 * at once as they do when the store answers with a refusal.
 */
public class StoreUnreachableException extends StorageException {
    public StoreUnreachableException(String place, Exception cause) {
        super(place, cause);
    }
}
