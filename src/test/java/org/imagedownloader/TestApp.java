package org.imagedownloader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.imagedownloader.run.RunOpener;
import java.util.concurrent.TimeUnit;

/**
 * The real application (routes, application.properties, beans) started in-process on temporary
 * folders, with timings shortened so tests run fast.
 */
public final class TestApp implements AutoCloseable {

    final Path root;
    public final Path inbox;
    final Path output;
    final Main main;

    private TestApp(Path root, Main main) {
        this.root = root;
        this.inbox = root.resolve("inbox");
        this.output = root.resolve("downloads");
        this.main = main;
    }

    public static TestApp start(Path root, Map<String, String> settings) throws Exception {
        Main main = ImageDownloader.newMain(settings(root, settings), false);
        main.start();
        return new TestApp(root, main);
    }

    /** The test defaults for an app on these folders, then the given settings. */
    static Map<String, String> settings(Path root, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("downloader.inbox", root.resolve("inbox").toString());
        all.put("downloader.output", root.resolve("downloads").toString());
        all.put("downloader.poll-millis", "100");
        all.put("downloader.settle-millis", "300");
        all.put("downloader.retries", "2");
        all.put("downloader.retry-delay-millis", "50");
        all.put("downloader.retry-max-delay-millis", "200");
        all.put("downloader.read-timeout-millis", "2000");
        all.put("downloader.progress-seconds", "1");
        all.put("downloader.shutdown-grace-seconds", "5");
        // Tests that watch the daemon over HTTP turn this on, on a port of their own.
        all.put("downloader.http-enabled", "false");
        // Test servers answer many paths with one body; IntegrityTest turns this on where it is the point.
        all.put("downloader.dedup-content", "false");
        all.putAll(settings);
        return all;
    }

    /** Puts a list into the inbox the way a careful writer does: written aside, then renamed in. */
    Path drop(String name, String content) throws IOException {
        return Inbox.drop(inbox, name, content);
    }

    /** Like {@link #drop(String, String)} with raw bytes, for lists that are not UTF-8 text. */
    Path drop(String name, byte[] content) throws IOException {
        return Inbox.drop(inbox, name, content);
    }

    /** Waits until the list has been archived, i.e. every item has an outcome and the report is out. */
    void awaitArchived(String name) {
        Inbox.awaitArchived(inbox, name);
    }

    /** Waits until the list has been moved to .error, with the note saying why beside it. */
    void awaitInError(String name) {
        Inbox.awaitInError(inbox, name);
    }

    /** Runs a list through the list route directly, as the CLI does, and waits for its run to end. */
    Exchange run(Path list) throws Exception {
        Exchange opened = main.getCamelTemplate().send("direct:list", e -> e.getIn().setBody(list.toFile()));
        String later = opened.getProperty(RunOpener.LIST_LATER, String.class);
        if (later != null) {
            throw new IllegalStateException(list + " not opened: " + later);
        }
        if (RunOpener.finished(opened) != null) {
            RunOpener.finished(opened).get(60, TimeUnit.SECONDS);
        }
        return opened;
    }

    /** Writes a list of these lines and runs it as the CLI does; returns its report rows. */
    List<Map<String, String>> runList(String listName, String... lines) throws Exception {
        Path list = root.resolve("lists").resolve(listName + ".txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, Urls.text(List.of(lines)), StandardCharsets.UTF_8);
        Exchange done = run(list);
        if (done.getException() != null) {
            throw new AssertionError("running " + listName + " failed", done.getException());
        }
        return report(listName);
    }

    /** Like {@link #runList(String, String...)} with the lines as a list. */
    List<Map<String, String>> runList(String listName, List<String> lines) throws Exception {
        return runList(listName, lines.toArray(String[]::new));
    }

    /** The report row of a line. */
    static Map<String, String> row(List<Map<String, String>> report, int line) {
        return report.stream().filter(r -> r.get("line").equals(Integer.toString(line))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for line " + line));
    }

    Path folder(String name) {
        return output.resolve(name);
    }

    List<Map<String, String>> report(String folderName) throws IOException {
        return Csv.read(output.resolve(folderName + ".report.csv"));
    }

    @Override
    public void close() {
        main.stop();
    }

    /** Just enough RFC 4180 to read our own reports back. */
    static final class Csv {
        static List<Map<String, String>> read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> header = fields(lines.get(0));
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> values = fields(line);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), values.get(i));
                }
                rows.add(row);
            }
            return rows;
        }

        static List<String> fields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cur.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            out.add(cur.toString());
            return out;
        }
    }
}
