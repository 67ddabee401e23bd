package org.imagedownloader.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.imagedownloader.polite.Network;
import org.imagedownloader.run.OpenRuns;

/** The daemon's own health checks, beside Camel's: each says what it saw in its details. */
public final class Checks {

    private static final String GROUP = "image-downloader";
    private static final Duration BUCKET_CHECK_KEPT = Duration.ofSeconds(5);

    private Checks() {
    }

    /** The inbox and the output folder take a new file (tried for real: as root, permissions say little). */
    public static HealthCheck folders(Path inbox, Path output) {
        return new AbstractHealthCheck(GROUP, "folders") {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.up();
                for (Path folder : inbox == null ? List.of(output) : List.of(inbox, output)) {
                    String problem = writable(folder);
                    builder.detail(folder.toString(), problem == null ? "writable" : problem);
                    if (problem != null) {
                        builder.down().message(folder + " " + problem);
                    }
                }
            }
        };
    }

    private static String writable(Path folder) {
        try {
            // Hidden: the inbox never takes it as a list. A few bytes, not just a name: a full disk still
            // has inodes.
            Path probe = Files.createTempFile(folder, ".health-", ".probe");
            try {
                Files.write(probe, new byte[4096]);
            } finally {
                Files.delete(probe);
            }
            return null;
        } catch (IOException e) {
            return "not writable: " + e.getMessage();
        }
    }

    /**
     * In object storage mode: the bucket answers (one HEAD, which says what keeps it from being used, or
     * null). The answer is kept a few seconds, so that frequent probes of /health do not each cost a request.
     * Readiness only: a restart does not bring a bucket back.
     */
    public static HealthCheck bucket(String location, Supplier<String> problem) {
        return new AbstractHealthCheck(GROUP, "bucket") {
            private Instant checked = Instant.MIN;
            private String last;

            @Override
            public boolean isLiveness() {
                return false;
            }

            @Override
            protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                Instant now = Instant.now();
                if (Duration.between(checked, now).compareTo(BUCKET_CHECK_KEPT) > 0) {
                    last = problem.get();
                    checked = now;
                }
                builder.detail("bucket", location);
                if (last == null) {
                    builder.up();
                } else {
                    builder.down().message(last);
                }
            }
        };
    }

    /** No open list has gone without an item ending for longer than stall, unless its items wait for the network. */
    public static HealthCheck lists(OpenRuns runs, Duration stall, BooleanSupplier waitingForNetwork) {
        return new AbstractHealthCheck(GROUP, "lists") {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.up();
                List<OpenRuns.Snapshot> open = runs.snapshots();
                builder.detail("open", open.size());
                for (OpenRuns.Snapshot run : open) {
                    Duration quiet = Duration.between(run.quietSince(), Instant.now());
                    if (quiet.compareTo(stall) > 0 && !waitingForNetwork.getAsBoolean()) {
                        builder.down().message(run.progress().list() + " stalled")
                                .detail(run.progress().list(), "no item ended for " + quiet.toMinutes() + " min");
                    }
                }
            }
        };
    }

    /**
     * Not ready while items wait for a network that is gone (readiness only: restarting would not help).
     */
    public static HealthCheck network(Network network) {
        return new AbstractHealthCheck(GROUP, "network") {
            @Override
            public boolean isLiveness() {
                return false;
            }

            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                Duration away = network.downFor();
                if (network.gaveUp()) {
                    builder.down().message("the network has been away for longer than downloader.outage-max-wait:"
                            + " items fail").detail("network", "gone");
                } else if (away == null) {
                    builder.up().detail("network", "up");
                } else {
                    builder.down().message("waiting for the network for " + away.toSeconds() + " s")
                            .detail("network", "waiting").detail("waitingSeconds", away.toSeconds());
                }
            }
        };
    }

    /** In Kafka mode: the brokers answer and the topics are there. */
    public static HealthCheck kafka(String bootstrap, BooleanSupplier ready) {
        return new AbstractHealthCheck(GROUP, "kafka") {
            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                builder.detail("brokers", bootstrap);
                if (ready.getAsBoolean()) {
                    builder.up();
                } else {
                    builder.down().message("Kafka brokers at " + bootstrap + " do not answer");
                }
            }
        };
    }
}
