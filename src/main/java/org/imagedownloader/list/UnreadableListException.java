package org.imagedownloader.list;

/** A file in the inbox that cannot be read as a list of URLs (binary, not UTF-8, unreadable). */
public class UnreadableListException extends Exception {
    public UnreadableListException(String message) {
        super(message);
    }
}
