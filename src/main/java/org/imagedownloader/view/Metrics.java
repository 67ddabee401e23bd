package org.imagedownloader.view;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;

/**
 * This daemon's own metrics, in the registry Camel exposes at /observe/metrics. Labels are bounded:
 * an outcome is one of six words; a URL or a list name is never a label.
 */
public final class Metrics {

    private final Map<Outcome, Counter> items = new EnumMap<>(Outcome.class);
    private final Counter bytes;
    private final Counter attempts;
    private final Counter retries;
    private final DistributionSummary seconds;

    /**
     * @param inFlight downloads under way now
     * @param queued   items waiting for a download slot in this process
     * @param open     lists this process has open
     * @param offline  1 while items wait for the network, else 0
     */
    public Metrics(MeterRegistry registry, Supplier<Number> inFlight, Supplier<Number> queued, Supplier<Number> open,
                   Supplier<Number> offline) {
        for (Outcome o : Outcome.values()) {
            items.put(o, Counter.builder("image_downloader_items").tag("outcome", o.label())
                    .description("Items of the lists this daemon took, by how they ended")
                    .register(registry));
        }
        bytes = Counter.builder("image_downloader_saved_bytes").baseUnit("bytes")
                .description("Bytes of the images saved for the lists this daemon took").register(registry);
        attempts = Counter.builder("image_downloader_attempts")
                .description("HTTP requests this daemon made for items, retries included").register(registry);
        retries = Counter.builder("image_downloader_retries")
                .description("HTTP requests this daemon made again after a failed attempt").register(registry);
        seconds = DistributionSummary.builder("image_downloader_download_seconds").baseUnit("seconds")
                .description("Time from an item's first request to its end, for items that made requests")
                .serviceLevelObjectives(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
                .register(registry);
        Gauge.builder("image_downloader_downloads_in_flight", inFlight).description("Downloads under way now")
                .register(registry);
        Gauge.builder("image_downloader_items_queued", queued)
                .description("Items waiting in this process for a download slot").register(registry);
        Gauge.builder("image_downloader_open_lists", open).description("Lists this daemon has open")
                .register(registry);
        Gauge.builder("image_downloader_waiting_for_network", offline)
                .description("1 while this daemon holds its items because the network is gone, else 0").register(registry);
    }

    /** An item of a list this daemon took has ended (counted once per line). */
    public void ended(ItemResult result) {
        items.get(result.outcome()).increment();
        if (result.outcome() == Outcome.DOWNLOADED) {
            bytes.increment(result.bytes());
        }
    }

    /** This daemon's per-URL work on an item is over: its requests and time. */
    public void fetched(ItemResult result) {
        if (result.attempts() > 0) {
            attempts.increment(result.attempts());
            retries.increment(result.attempts() - 1);
            seconds.record(Duration.ofMillis(result.millis()).toNanos() / 1e9);
        }
    }
}
