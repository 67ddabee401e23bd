package org.imagedownloader.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.run.OpenRuns;
import org.imagedownloader.run.Progress;
import org.imagedownloader.run.RunListener;

/**
 * What the operator's view shows: the open lists (asked of the list side when wanted), and a short
 * memory of finished lists, recent failures, the node's totals and its images/s over the last ten
 * minutes. Bounded, whatever the daemon's uptime.
 */
public final class Status implements RunListener {

    static final int FINISHED_KEPT = 50;
    static final int FAILURES_KEPT = 100;
    /** One point of the images/s history per this many seconds, ten minutes of them. */
    static final int SAMPLE_SECONDS = 5;
    static final int SAMPLES = 120;

    private final OpenRuns runs;
    private final Instant since = Instant.now();
    private final Deque<Map<String, Object>> finished = new ArrayDeque<>();
    /** Reports this daemon published, by file name: the only files the API serves. */
    private final Map<String, Path> reports = new LinkedHashMap<>();
    private final Deque<Map<String, Object>> failures = new ArrayDeque<>();
    private final long[] counts = new long[Outcome.values().length];
    private long bytes;
    private long listsFinished;
    private final Deque<double[]> rates = new ArrayDeque<>();
    private long lastSampleDownloaded;

    public Status(OpenRuns runs) {
        this.runs = runs;
    }

    @Override
    public synchronized void ended(String list, ItemResult result) {
        counts[result.outcome().ordinal()]++;
        if (result.outcome() == Outcome.DOWNLOADED) {
            bytes += result.bytes();
        }
        if (!result.outcome().isSuccess()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("list", list);
            f.put("line", result.item().line());
            f.put("url", result.item().urlText());
            f.put("outcome", result.outcome().label());
            f.put("reason", result.error());
            f.put("at", Instant.now().toString());
            keep(failures, f, FAILURES_KEPT);
        }
    }

    @Override
    public synchronized void finished(Progress last, Path report, String reportAt) {
        listsFinished++;
        String reportName = report.getFileName().toString();
        Map<String, Object> f = figures(last);
        f.put("finished", Instant.now().toString());
        f.put("report", "/api/reports/" + segment(reportName));
        keep(finished, f, FINISHED_KEPT);
        reports.remove(reportName);
        reports.put(reportName, report);
        while (reports.size() > FINISHED_KEPT) {
            reports.remove(reports.keySet().iterator().next());
        }
    }

    /** Called every {@link #SAMPLE_SECONDS}: one more point of the images/s history. */
    public synchronized void sample() {
        long now = counts[Outcome.DOWNLOADED.ordinal()];
        keep(rates, new double[] {Instant.now().toEpochMilli(), (now - lastSampleDownloaded) / (double) SAMPLE_SECONDS},
                SAMPLES);
        lastSampleDownloaded = now;
    }

    /** A report of a list this daemon finished lately, by its file name; nothing else. */
    public synchronized Optional<Path> report(String name) {
        return Optional.ofNullable(reports.get(name));
    }

    public List<Map<String, Object>> open() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (OpenRuns.Snapshot run : runs.snapshots()) {
            Map<String, Object> m = figures(run.progress());
            m.put("started", run.started().toString());
            m.put("quietSeconds", Duration.between(run.quietSince(), Instant.now()).toSeconds());
            Progress p = run.progress();
            double perSecond = p.done() / Math.max(p.seconds(), 1e-3);
            m.put("etaSeconds", p.done() == 0 || p.total() <= p.done() ? null
                    : Math.round((p.total() - p.done()) / perSecond));
            out.add(m);
        }
        return out;
    }

    public synchronized List<Map<String, Object>> finished() {
        return new ArrayList<>(finished);
    }

    public synchronized List<Map<String, Object>> failures() {
        return new ArrayList<>(failures);
    }

    public synchronized Map<String, Object> totals() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("since", since.toString());
        t.put("listsOpen", runs.size());
        t.put("listsFinished", listsFinished);
        t.put("items", byOutcome(counts));
        t.put("bytes", bytes);
        return t;
    }

    /** Everything the status page shows, in one answer. */
    public Map<String, Object> all() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("open", open());
        a.put("finished", finished());
        a.put("failures", failures());
        a.put("totals", totals());
        synchronized (this) {
            a.put("imagesPerSecond", new ArrayList<>(rates));
        }
        return a;
    }

    /** A name as one URL path segment. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, Object> figures(Progress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        double s = Math.max(p.seconds(), 1e-3);
        m.put("list", p.list());
        m.put("done", p.done());
        m.put("total", p.total());
        m.put("outcomes", byOutcome(p.counts()));
        m.put("seconds", Math.round(p.seconds() * 10) / 10.0);
        m.put("imagesPerSecond", Math.round(p.count(Outcome.DOWNLOADED) / s * 10) / 10.0);
        m.put("megabytesPerSecond", Math.round(p.bytes() / 1e6 / s * 100) / 100.0);
        return m;
    }

    private static Map<String, Long> byOutcome(long[] counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            m.put(o.label(), counts[o.ordinal()]);
        }
        return m;
    }

    private static <T> void keep(Deque<T> recent, T next, int max) {
        recent.addFirst(next);
        while (recent.size() > max) {
            recent.removeLast();
        }
    }
}
