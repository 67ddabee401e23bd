package org.imagedownloader.run;

import java.util.Locale;
import org.imagedownloader.message.Outcome;

/**
 * A moment in a list's run, derived only from per-item outcomes, so the same figures can later be
 * assembled from outcome messages coming from many machines.
 *
 * @param total  items in the list (from the first pass), exact once the list has been read to the end
 */
public record Progress(String list, long done, long total, long[] counts, long bytes, long elapsedNanos) {

    public long count(Outcome outcome) {
        return counts[outcome.ordinal()];
    }

    /** Items that did not end well: rejected, failed or invalid. */
    public long problems() {
        long n = 0;
        for (Outcome o : Outcome.values()) {
            n += o.isSuccess() ? 0 : count(o);
        }
        return n;
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public String progressLine() {
        double s = Math.max(seconds(), 1e-3);
        return String.format(Locale.ROOT, "%s: %d/%d done, %.1f images/s, %.1f MB/s, %d rejected/failed/invalid",
                list, done, total, count(Outcome.DOWNLOADED) / s, bytes / 1e6 / s, problems());
    }

    public String summaryLine() {
        double s = Math.max(seconds(), 1e-3);
        StringBuilder sb = new StringBuilder(list).append(" finished in ")
                .append(String.format(Locale.ROOT, "%.1f s: ", seconds()));
        for (Outcome o : Outcome.values()) {
            sb.append(count(o)).append(' ').append(o.label()).append(o.ordinal() < counts.length - 1 ? ", " : "; ");
        }
        return sb.append(String.format(Locale.ROOT, "%.1f MB, %.1f items/s, %.1f images/s",
                bytes / 1e6, done / s, count(Outcome.DOWNLOADED) / s)).toString();
    }
}
