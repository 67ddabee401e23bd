package org.imagedownloader;

import java.security.Security;
import java.util.Map;
import org.apache.camel.main.Main;

/**
 * Entry point: with no arguments, the daemon watching the inbox; with list files, the one-shot CLI
 * running the same routes on them.
 */
public final class ImageDownloader {

    private ImageDownloader() {
    }

    public static void main(String[] args) throws Exception {
        // A name that failed to resolve is asked again next time: the JDK would otherwise answer from a
        // 10 s cache with a bare "unknown host", hiding that the lookup failed only for now (a DNS outage).
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        System.exit(args.length == 0 ? daemon() : Cli.run(args, System.out, System.err));
    }

    static int daemon() {
        Main main = newMain(Map.of(), false);
        try {
            main.run();
        } catch (Exception e) {
            System.err.println("image-downloader: " + Cli.rootMessage(e));
            return Cli.EXIT_USAGE;
        }
        return main.getExitCode();
    }

    /**
     * The application with its configuration; overrides win over every other source of settings except
     * the environment. One shot (the command line) always runs in this process, even where the
     * environment points daemons at Kafka.
     */
    static Main newMain(Map<String, String> overrides, boolean oneShot) {
        Main main = new Main();
        main.configure().addConfiguration(new DownloaderConfiguration(oneShot));
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
