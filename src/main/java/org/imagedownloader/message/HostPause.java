package org.imagedownloader.message;

/**
 * A host that asked to be left alone (HTTP 429 or 503 with a wait), told to every daemon: whichever
 * serves the host next honours the rest of the pause. The end is wall-clock time, since it crosses
 * machines.
 *
 * @param host  as the politeness rules key it, host:port
 * @param until epoch milliseconds
 */
public record HostPause(String host, long until) {
}
