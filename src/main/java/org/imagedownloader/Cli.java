package org.imagedownloader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.util.PropertiesUtil;
import org.imagedownloader.polite.Network;
import org.imagedownloader.run.OpenRuns;
import org.imagedownloader.run.Progress;
import org.imagedownloader.run.RunListener;
import org.imagedownloader.run.RunOpener;

/**
 * The one-shot command line: runs the daemon's routes on the given lists, without an inbox, and exits
 * 0 when every item ended downloaded, skipped or duplicate, 1 when any did not, 2 on a usage error.
 */
final class Cli {

    static final int EXIT_OK = 0;
    static final int EXIT_INCOMPLETE = 1;
    static final int EXIT_USAGE = 2;

    static final String USAGE = """
            usage: java -jar image-downloader.jar LIST.txt [LIST.txt ...] [--output DIR] [--concurrency N]
                   java -jar image-downloader.jar            (no arguments: run the inbox daemon)
              --output DIR       where <list>/ folders and reports go (default: downloader.output)
              --concurrency N    downloads in flight at once (default: downloader.concurrency)
            Any setting can also be given as -Dkey=value before -jar, or as an environment variable.""";

    private Cli() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> lists = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("downloader.watch", "false");
        overrides.put("downloader.http-enabled", "false");
        // Also named directly: an environment that turns the daemon's server on must not reach the CLI.
        for (String server : new String[] {"camel.server.enabled", "camel.management.enabled", "camel.metrics.enabled"}) {
            overrides.put(server, "false");
        }
        // The view's and Kafka's routes never run here (their preconditions say so): not even read.
        overrides.put("camel.main.routes-exclude-pattern", "classpath:routes/api.yaml,classpath:routes/kafka.yaml");
        // The run stops as soon as its lists end, and the stop waits out one idle poll per queue.
        overrides.put("camel.component.seda.default-poll-timeout", "20");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return EXIT_OK;
                }
                case "--output", "-o", "--concurrency", "-c" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, arg + " needs a value");
                    }
                    String key = arg.startsWith("--o") || arg.equals("-o") ? "downloader.output" : "downloader.concurrency";
                    overrides.put(key, args[++i]);
                }
                default -> {
                    if (arg.startsWith("-")) {
                        return usage(err, "unknown option " + arg);
                    }
                    Path list = Path.of(arg);
                    if (!Files.isRegularFile(list) || !Files.isReadable(list)) {
                        return usage(err, "no readable list file " + arg);
                    }
                    lists.add(list);
                }
            }
        }
        if (lists.isEmpty()) {
            return usage(err, "no list given");
        }
        startLogging();
        return runLists(lists, overrides, out, err);
    }

    /**
     * The log on our properties file, at WARN: the terminal shows progress and summaries, only warnings
     * (failed URLs) come from the log. Log4j's own start would first ask every configuration format it
     * knows, and asking the JSON and YAML ones loads and initialises Jackson, a good part of a short
     * run's start; a file named with log4j2.configurationFile still takes that way.
     */
    private static void startLogging() {
        if (PropertiesUtil.getProperties().getStringProperty(ConfigurationFactory.CONFIGURATION_FILE_PROPERTY) == null) {
            ConfigurationSource ours = ConfigurationSource.fromResource("log4j2.properties", Cli.class.getClassLoader());
            Configurator.initialize(new PropertiesConfigurationFactory().getConfiguration(null, ours));
        }
        Configurator.setRootLevel(Level.WARN);
    }

    private static int runLists(List<Path> lists, Map<String, String> overrides, PrintStream out, PrintStream err) {
        Main main = ImageDownloader.newMain(overrides, true);
        try {
            main.start();
        } catch (Exception e) {
            main.stop();
            err.println("image-downloader: " + rootMessage(e));
            return EXIT_USAGE;
        }
        try {
            main.lookup("openRuns", OpenRuns.class).listen(
                    new Console(out, System.console() != null, main.lookup("network", Network.class)));
            ProducerTemplate template = main.getCamelTemplate();
            long started = System.nanoTime();
            int exit = EXIT_OK;
            for (Path list : lists) {
                Exchange opened = template.send("direct:list", e -> e.getIn().setBody(list.toFile()));
                exit = Math.max(exit, verdict(opened, list, err));
            }
            out.printf("%d list(s) in %.1f s%n", lists.size(), (System.nanoTime() - started) / 1e9);
            return exit;
        } catch (Exception e) {
            err.println("image-downloader: " + rootMessage(e));
            return EXIT_INCOMPLETE;
        } finally {
            main.stop();
        }
    }

    /** Waits for a list's run to end, then judges it. */
    private static int verdict(Exchange opened, Path list, PrintStream err) throws InterruptedException {
        String problem = opened.getException() != null ? rootMessage(opened.getException())
                : opened.getProperty(RunOpener.LIST_ERROR, opened.getProperty(RunOpener.LIST_LATER, String.class), String.class);
        if (problem != null) {
            err.println(list + ": " + problem);
            return EXIT_INCOMPLETE;
        }
        try {
            Progress last = RunOpener.finished(opened).get();
            return last.problems() == 0 ? EXIT_OK : EXIT_INCOMPLETE;
        } catch (ExecutionException e) {
            err.println(list + ": " + rootMessage(e));
            return EXIT_INCOMPLETE;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("image-downloader: " + problem);
        err.println(USAGE);
        return EXIT_USAGE;
    }

    /** The innermost message, which is the one that says what is actually wrong. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** Progress for a person: a line rewritten in place on a terminal, plain lines otherwise. */
    private record Console(PrintStream out, boolean live, Network network) implements RunListener {

        @Override
        public void started(String list, long lines, long items, String images) {
            out.printf("%s: %d items -> %s%n", list, items, images);
        }

        @Override
        public void progress(Progress progress) {
            String line = progress.progressLine() + (network.waiting() ? ", waiting for the network" : "");
            if (live) {
                out.print("\r" + line + "   ");
                out.flush();
            } else {
                out.println(line);
            }
        }

        @Override
        public void finished(Progress last, Path report, String reportAt) {
            out.println((live ? "\r" : "") + last.summaryLine());
            out.println("report: " + reportAt);
        }
    }

}
