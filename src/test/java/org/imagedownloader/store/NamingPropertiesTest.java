package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagedownloader.store.FolderIndexTest.publish;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import org.imagedownloader.list.ListName;
import org.imagedownloader.list.UrlValidator;

/**
 * Properties of the names we create on disk, over hostile input: whatever a list line or a list file is
 * called, the name we derive stays inside its folder, is visible, portable and stable.
 */
class NamingPropertiesTest {

    private static final int MAX_LINE = 8192;
    private static final Path FOLDER = Path.of("/srv/downloads/cats").toAbsolutePath();
    private static final Set<String> DEVICE_STEMS = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
            "LPT\u00B9", "LPT\u00B2", "LPT\u00B3");

    /** Pieces that have broken file namers before: separators, escapes of them, dots, controls, devices. */
    private static final List<String> NASTY = List.of(
            "/", "\\", "%2F", "%2f", "%5C", "%5c", "%00", "%0A", "%0D", "%09", "%1F", "%7F", "%C2%85",
            "..", ".", "...", "%2E", "%2e%2e", "%2E%2E%2F", "..%2F", "..\\", "%", "%Z", "%G0", "%E7%8C", "%FF",
            "\u0000", "\u0001", "\n", "\r", "\t", "\u007F", "\u0085", "\u009F",
            "\u200F", "\u202E", "\u200E", "\u2066", "\u2028", "\uFEFF", "\u00A0", "\u3000",
            "\uD83D\uDC31", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83D", "\uDC31",
            "猫", "кошка", "ﷺ", "é", "e\u0301",
            " ", "  ", "?", "#", "&", "=", ";", ":", "*", "\"", "<", ">", "|", "@", "~",
            "CON", "con", "Nul", "COM1", "lpt9", "COM\u00B9", "AUX ", "PRN.", "con.jpg", "NUL.tar.gz",
            ".jpg", "jpg", ".png", ".JPEG", ".jpeg.", "photo.png", "x.svg", ".tif ", ".heic");

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, structuredUrls()),
                Tuple.of(2, schemes().flatMap(s -> anyText(200).map(t -> s + "://" + t))),
                Tuple.of(1, longUrls()));
    }

    private Arbitrary<String> structuredUrls() {
        Arbitrary<String> path = pieces().list().ofMaxSize(8).map(l -> String.join("", l));
        Arbitrary<String> query = Arbitraries.oneOf(Arbitraries.just(""), pieces().list().ofMaxSize(4)
                .map(l -> "?" + String.join("", l)));
        Arbitrary<String> fragment = Arbitraries.oneOf(Arbitraries.just(""), anyText(20).map(t -> "#" + t));
        return Combinators.combine(schemes(), hosts(), path, query, fragment)
                .as((s, h, p, q, f) -> s + "://" + h + "/" + p + q + f);
    }

    /** Segments of thousands of characters, multi-byte or not, to push names past every byte limit. */
    private Arbitrary<String> longUrls() {
        Arbitrary<String> run = Arbitraries.of("a", "é", "猫", "\uD83D\uDC31", ".", " ", "%2E", "%E7%8C%AB", "-")
                .flatMap(unit -> Arbitraries.integers().between(50, 1500).map(unit::repeat));
        Arbitrary<String> tail = Arbitraries.of("", ".jpg", ".png", ".jpeg", ".verylongextension", ".", "%2F", "/");
        return Combinators.combine(hosts(), run.list().ofMinSize(1).ofMaxSize(3), tail)
                .as((h, runs, t) -> "http://" + h + "/dir/" + String.join("", runs) + t)
                .filter(s -> s.length() <= MAX_LINE);
    }

    private Arbitrary<String> pieces() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(NASTY)),
                Tuple.of(3, anyText(12)),
                Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)));
    }

    /** Any UTF-16 text, lone surrogates and control characters included. */
    private static Arbitrary<String> anyText(int max) {
        return Arbitraries.strings().all().ofMaxLength(max);
    }

    private static Arbitrary<String> schemes() {
        return Arbitraries.of("http", "https", "HTTP", "hTtPs");
    }

    private static Arbitrary<String> hosts() {
        return Arbitraries.of("example.com", "EXAMPLE.COM", "img.example.org:8080", "пример.рф", "例え.テスト",
                "127.0.0.1", "[::1]", "[::1]:443", "user:pw@example.com", "a@b@example.com", "xn--80ak6aa92e.com",
                "localhost", "h", "a-b.c-d.e");
    }

    @Provide
    Arbitrary<String> listFileNames() {
        Arbitrary<String> stem = pieces().list().ofMaxSize(6).map(l -> String.join("", l));
        Arbitrary<String> ext = Arbitraries.of("", ".txt", ".TXT", ".", "..txt", ".txt.txt", ".list");
        Arbitrary<String> longStem = Arbitraries.of("a", "é", "猫", "\uD83D\uDC31", ".", " ")
                .flatMap(unit -> Arbitraries.integers().between(60, 400).map(unit::repeat));
        return Arbitraries.oneOf(
                Combinators.combine(stem, ext).as(String::concat),
                Combinators.combine(longStem, ext).as(String::concat),
                anyText(64));
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 300, maxDiscardRatio = 20)
    void everyImageNameFromAnAcceptedUrlIsSafeAndStable(@ForAll("lines") String line) throws Exception {
        UrlValidator.Result result = UrlValidator.validate(line, MAX_LINE);
        Assume.that(result.valid());
        URI url = result.url();
        String base = FileNamer.baseName(url);
        Statistics.label("name from").collect(base.startsWith("image-") ? "hash" : "path segment");

        for (ImageType type : ImageType.values()) {
            String name = FileNamer.withType(base, type);
            assertSafeName(name, FOLDER);
            assertThat(name).as("extension for %s", type).contains(".");
            assertThat(type.hasExtension(name.substring(name.lastIndexOf('.') + 1)))
                    .as("%s keeps an extension of %s", name, type).isTrue();
            // Stable: the same URL, parsed again from its text, gives the same name.
            URI again = new URI(url.toString());
            assertThat(FileNamer.withType(FileNamer.baseName(again), type)).isEqualTo(name);
            assertThat(FileNamer.withType(FileNamer.baseName(url), type)).isEqualTo(name);
        }
        // Validating the same line again yields the same URL, so the same name on every run.
        assertThat(UrlValidator.validate(line, MAX_LINE).url()).isEqualTo(url);
    }

    @Property(tries = 300)
    void everyListFolderNameIsSafeAndStable(@ForAll("listFileNames") String fileName) {
        String folder = ListName.folderFor(fileName);

        Path output = FOLDER.getParent();
        assertSafeName(folder, output);
        assertThat(ListName.folderFor(fileName)).isEqualTo(folder);
        // The report and the index journal sit beside the folder and must not escape either.
        assertThat(output.resolve(folder + ".report.csv").normalize().getParent()).isEqualTo(output);
        assertThat(output.resolve("." + folder + ".index.tsv").normalize().getParent()).isEqualTo(output);
        assertThat(utf8(folder + ".report.csv")).isLessThanOrEqualTo(255);
    }

    @Property(tries = 100)
    void folderIndexClaimsAreDistinctAndSurviveReopening(@ForAll("urlSets") List<String> lines,
                                                         @ForAll("userFiles") List<String> userFiles,
                                                         @ForAll long seed) throws Exception {
        Path dir = Files.createTempDirectory("folder-index-prop");
        JournalLeases leases = new JournalLeases();
        leases.start();
        try {
            Path folder = dir.resolve("cats");
            Files.createDirectories(folder);
            Path journal = dir.resolve(".cats.index.tsv");
            for (String f : userFiles) {
                Files.write(folder.resolve(f), new byte[] {1});
            }
            List<URI> urls = new ArrayList<>();
            for (String line : lines) {
                UrlValidator.Result r = UrlValidator.validate(line, MAX_LINE);
                assertThat(r.valid()).as("generator makes valid URLs: %s", line).isTrue();
                urls.add(r.url());
            }

            Map<URI, String> first = new LinkedHashMap<>();
            try (FolderIndex index = new FolderIndex(folder, journal, leases)) {
                for (URI url : urls) {
                    String name = publish(index, folder, url, wanted(url));
                    String earlier = first.putIfAbsent(url, name);
                    if (earlier != null) {
                        assertThat(name).as("a URL claimed twice keeps its name").isEqualTo(earlier);
                    }
                    assertSafeName(name, folder);
                    assertThat(userFiles).as("a user's file is never claimed").doesNotContain(name);
                }
                // Some of them are missing, as after a crash between a journal line and its link.
                int i = 0;
                for (String name : first.values()) {
                    if (i++ % 2 == 1) {
                        Files.delete(folder.resolve(name));
                    }
                }
            }
            assertThat(new HashSet<>(first.values())).as("pairwise distinct names").hasSize(first.size());
            Statistics.label("collisions").collect(
                    first.values().stream().filter(n -> n.matches(".*-\\d+(\\.[^.]*)?")).count() > 0);

            // Reopened (a re-run or a restart), in another order: every URL gets its name back, saved or not,
            // and a newcomer that wants a taken name gets a fresh one.
            List<URI> shuffled = new ArrayList<>(first.keySet());
            Collections.shuffle(shuffled, new Random(seed));
            try (FolderIndex index = new FolderIndex(folder, journal, leases)) {
                for (URI url : shuffled) {
                    assertThat(publish(index, folder, url, wanted(url))).as("name of %s after reopening", url)
                            .isEqualTo(first.get(url));
                }
                if (!shuffled.isEmpty()) {
                    URI newcomer = URI.create("http://newcomer.example/" + seed + "/x");
                    String taken = first.get(shuffled.get(0));
                    String fresh = publish(index, folder, newcomer, taken);
                    assertThat(fresh).isNotEqualTo(taken).isNotIn(first.values()).isNotIn(userFiles);
                }
            }
        } finally {
            leases.stop();
            deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<List<String>> urlSets() {
        // Few names over many hosts and paths, so URLs collide on names often.
        Arbitrary<String> segment = Arbitraries.of("cat.jpg", "CAT.jpg", "cat", "cat-2.jpg", "cat.jpeg", "dog.png",
                "%2E%2E", "..%2F..%2Fetc%2Fpasswd", "", "con", "%00", "\uD83D\uDC31.gif", "a".repeat(240) + ".jpg",
                "b".repeat(300));
        Arbitrary<String> url = Combinators.combine(
                        Arbitraries.of("a.example", "b.example", "c.example"),
                        Arbitraries.of("", "x/", "y/z/"), segment, Arbitraries.of("", "?v=1", "?v=2"))
                .as((h, d, s, q) -> "http://" + h + "/" + d + s + q);
        return url.list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<String>> userFiles() {
        return Arbitraries.of("cat.jpg", "cat-2.jpg", "cat-3.jpg", "dog.png", "cat.jpeg", "_con.jpg")
                .set().ofMaxSize(4).map(ArrayList::new);
    }

    // ---------------------------------------------------------------- helpers

    /** The name a run asks for: the URL's own name typed as a JPEG, as the saver does for a JPEG body. */
    private static String wanted(URI url) {
        return FileNamer.withType(FileNamer.baseName(url), ImageType.JPEG);
    }

    private static void assertSafeName(String name, Path folder) {
        assertThat(name).as("name").isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
        assertThat(name).as("separators and NUL in %s", escape(name)).doesNotContain("/", "\\", "\u0000");
        assertThat(name.codePoints().filter(Character::isISOControl).count())
                .as("control characters in %s", escape(name)).isZero();
        assertThat(name.codePoints().filter(cp -> "<>:\"|?*".indexOf(cp) >= 0).count())
                .as("Windows-reserved characters in %s", escape(name)).isZero();
        assertThat(name).as("well-formed UTF-16 (no lone surrogate) in %s", escape(name))
                .isEqualTo(new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertThat(name.charAt(0)).as("leading character of %s", escape(name)).isNotEqualTo('.').isNotEqualTo(' ');
        char last = name.charAt(name.length() - 1);
        assertThat(last).as("trailing character of %s", escape(name)).isNotEqualTo('.').isNotEqualTo(' ');
        assertThat(utf8(name)).as("UTF-8 bytes of %s", escape(name)).isLessThanOrEqualTo(200);
        assertThat(isDeviceName(name)).as("Windows device name %s", escape(name)).isFalse();
        assertThat(folder.resolve(name).normalize().getParent()).as("parent of %s", escape(name)).isEqualTo(folder);
        assertThat(folder.resolve(name).getFileName().toString()).isEqualTo(name);
    }

    /** Windows maps these stems to devices whatever follows the first dot, and ignores spaces before it. */
    private static boolean isDeviceName(String name) {
        int dot = name.indexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        return DEVICE_STEMS.contains(stem.replaceAll(" +$", "").toUpperCase(Locale.ROOT));
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("'");
        s.codePoints().limit(300).forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append("'").toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
