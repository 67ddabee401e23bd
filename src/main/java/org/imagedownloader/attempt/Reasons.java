package org.imagedownloader.attempt;

import java.util.regex.Pattern;

/** How a failure is told in a report row or a log line. */
public final class Reasons {

    private static final Pattern USER_INFO = Pattern.compile("(https?://)[^/\\s'\"@]*@");
    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s'\"?#]*)\\?[^\\s'\"#]*");

    private Reasons() {
    }

    /**
     * A one-line reason an operator can act on, never a stack trace: our own exceptions are written to be
     * read as they are; others are named by their type.
     */
    public static String of(Throwable error) {
        if (error.getClass().getName().startsWith("org.imagedownloader.") && error.getMessage() != null) {
            return error.getMessage();
        }
        String message = error.getMessage();
        String kind = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + withoutSecrets(message);
    }

    /**
     * A library's message as a report may show it: a URL it names (a redirect's location, which the list
     * never held) keeps its host and path, not its user name and password nor its query, where signed
     * URLs carry their tokens.
     */
    static String withoutSecrets(String message) {
        if (!message.contains("://")) {
            return message;
        }
        return QUERY.matcher(USER_INFO.matcher(message).replaceAll("$1***@")).replaceAll("$1?***");
    }
}
