package org.imagedownloader.attempt;

/** A response that arrived fine but is not an image we keep (wrong type, not an image, too big). */
public class RejectedException extends Exception {
    public RejectedException(String message) {
        super(message);
    }
}
