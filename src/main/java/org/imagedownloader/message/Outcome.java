package org.imagedownloader.message;

import java.util.Locale;

/** How one item of a list ended. Every item ends in exactly one of these. */
public enum Outcome {
    DOWNLOADED, SKIPPED, DUPLICATE, REJECTED, FAILED, INVALID;

    /** The word used in reports, logs and summaries. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the user has the image (or never could have asked for a different one). */
    public boolean isSuccess() {
        return this == DOWNLOADED || this == SKIPPED || this == DUPLICATE;
    }
}
