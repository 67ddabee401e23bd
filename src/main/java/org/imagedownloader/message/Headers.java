package org.imagedownloader.message;

/** Names the routes use for message headers and exchange properties; a test checks the YAML uses only these. */
public final class Headers {

    /** Header on every outcome message: the run it belongs to, which the list side aggregates by. */
    public static final String RUN_ID = "runId";

    private Headers() {
    }
}
