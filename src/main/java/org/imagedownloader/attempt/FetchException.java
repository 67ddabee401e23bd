package org.imagedownloader.attempt;

/** A fetch that failed for good: asking again would get the same answer (404, 403, bad redirect...). */
public class FetchException extends Exception {
    private final int status;

    public FetchException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
