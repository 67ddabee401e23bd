package org.imagedownloader.attempt;

/** A fetch that failed in a way that may pass on another try (503, 429, a body cut short...). */
public class RetryableFetchException extends FetchException {
    public RetryableFetchException(String message, int status) {
        super(message, status);
    }
}
