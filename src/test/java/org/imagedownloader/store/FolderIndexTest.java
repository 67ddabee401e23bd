package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderIndexTest {

    @TempDir
    Path root;

    Path folder;
    Path journal;

    final JournalLeases leases = new JournalLeases();

    @BeforeEach
    void setUp() throws IOException {
        folder = Files.createDirectory(root.resolve("list"));
        journal = root.resolve(".list.index");
        leases.start();
    }

    @AfterEach
    void tearDown() {
        leases.stop();
    }

    private static URI url(String s) {
        return URI.create(s);
    }

    private FolderIndex open() throws IOException {
        return new FolderIndex(folder, journal, leases);
    }

    private void touch(String name) throws IOException {
        Files.writeString(folder.resolve(name), "image");
    }

    /**
     * Claims y.png for a.example's URL, lets a file of the user's take that name before the link, then
     * links; returns the name the URL got.
     */
    private String publishAfterAForeignFileTakesTheClaimedName(FolderIndex index) throws IOException {
        Path temp = Files.writeString(folder.resolve(".temp"), "http://a.example/y.png");
        FolderIndex.Content content = new FolderIndex.Content(temp, sha256(temp), null, false);
        FolderIndex.Claim claim = index.reserve(url("http://a.example/y.png"), "y.png", content);
        assertThat(claim).isEqualTo(new FolderIndex.Claim("y.png", true, false));
        touch("y.png");
        String name = index.link(url("http://a.example/y.png"), "y.png", claim, content);
        assertThat(temp).doesNotExist();
        return name;
    }

    /** Publishes a complete temporary file as the saver does, without dedup; returns the name it got. */
    static String save(FolderIndex index, URI url, String wanted, Path temp) throws IOException {
        return index.publish(url, wanted, new FolderIndex.Content(temp, sha256(temp), null, false)).name();
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes a temporary file holding the URL's text (so no two URLs share bytes) as the saver does,
     * without dedup; returns the name it got. The temporary file is gone afterwards.
     */
    static String publish(FolderIndex index, Path folder, URI url, String wanted) throws IOException {
        Path temp = Files.writeString(Files.createTempFile(folder, ".imgdl-test-", ".part"), url.toString());
        String name = save(index, url, wanted, temp);
        assertThat(temp).doesNotExist();
        return name;
    }

    /** The name a URL gets when a file for it is published. */
    private String nameFor(FolderIndex index, String url, String wanted) throws IOException {
        return publish(index, folder, url(url), wanted);
    }

    /** Publishes a file for a URL that had none; returns the name it landed under. */
    private String publish(FolderIndex index, String url, String wanted) throws IOException {
        String name = nameFor(index, url, wanted);
        assertThat(folder.resolve(name)).hasContent(url);
        return name;
    }

    /** The journal line of a URL's file published by {@link #nameFor}. */
    private static String savedLine(String url, String name) {
        return url + "\t" + name + "\tsha256=" + sha256(url.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void claimReturnsTheWantedName() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://a.example/cat.jpg", "cat.jpg")).isEqualTo("cat.jpg");
        }
    }

    @Test
    void otherUrlsWantingTheSameNameGetNumberedNames() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x.jpg");
            assertThat(nameFor(index, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-2.jpg");
            assertThat(nameFor(index, "http://c.example/x.jpg", "x.jpg")).isEqualTo("x-3.jpg");
        }
        assertThat(FileNamer.numbered("x.jpg", 2)).isEqualTo("x-2.jpg");
    }

    @Test
    void numberingWorksForNamesWithoutExtension() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://a.example/img", "img")).isEqualTo("img");
            assertThat(nameFor(index, "http://b.example/img", "img")).isEqualTo(FileNamer.numbered("img", 2));
        }
    }

    @Test
    void foreignFileInTheFolderIsNeverReplaced() throws IOException {
        touch("x.jpg");
        touch("x-2.jpg");
        try (FolderIndex index = open()) {
            assertThat(publish(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x-3.jpg");
            assertThat(publish(index, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-4.jpg");
            // Names found taken are not offered again.
            assertThat(nameFor(index, "http://c.example/x.jpg", "x.jpg")).isEqualTo("x-5.jpg");
        }
        assertThat(folder.resolve("x.jpg")).hasContent("image");
        assertThat(folder.resolve("x-2.jpg")).hasContent("image");
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).contains("x-3.jpg");
            assertThat(index.existingFile(url("http://b.example/x.jpg"))).contains("x-4.jpg");
        }
    }

    @Test
    void foreignFileHoldingTheSameBytesIsLeftToTheUser() throws IOException {
        Files.writeString(folder.resolve("x.jpg"), "http://a.example/x.jpg");
        try (FolderIndex index = open()) {
            // Taking it over would let a later refresh of the URL replace the user's file.
            assertThat(publish(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x-2.jpg");
        }
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).contains("x-2.jpg");
            assertThat(nameFor(index, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-3.jpg");
        }
    }

    @Test
    void foreignFileAppearingAfterTheClaimIsNotReplaced() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(publishAfterAForeignFileTakesTheClaimedName(index)).isEqualTo("y-2.png");
        }
        assertThat(folder.resolve("y.png")).hasContent("image");
    }

    @Test
    void foreignDirectoryIsAvoided() throws IOException {
        Files.createDirectory(folder.resolve("z.jpg"));
        try (FolderIndex index = open()) {
            assertThat(publish(index, "http://a.example/z.jpg", "z.jpg")).isEqualTo("z-2.jpg");
        }
    }

    @Test
    void publishedFileCanBeFoundAgain() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(publish(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x.jpg");
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).contains("x.jpg");
        }
    }

    @Test
    void sameUrlClaimedTwiceGetsTheSameName() throws IOException {
        try (FolderIndex index = open()) {
            String first = nameFor(index, "http://a.example/x.jpg", "x.jpg");
            nameFor(index, "http://b.example/x.jpg", "x.jpg");
            assertThat(nameFor(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo(first);
            // Even when it now asks for a different name.
            assertThat(nameFor(index, "http://a.example/x.jpg", "other.jpg")).isEqualTo(first);
        }
    }

    @Test
    void sameUrlClaimedTwiceIsJournalledOnce() throws IOException {
        try (FolderIndex index = open()) {
            nameFor(index, "http://a.example/x.jpg", "x.jpg");
            nameFor(index, "http://a.example/x.jpg", "x.jpg");
        }
        assertThat(Files.readAllLines(journal)).containsExactly(savedLine("http://a.example/x.jpg", "x.jpg"));
    }

    @Test
    void existingFileIsEmptyForUnknownUrls() throws IOException {
        try (FolderIndex index = open()) {
            touch("x.jpg"); // present, but owned by nobody
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).isEmpty();
        }
    }

    @Test
    void existingFileFollowsTheFileOnDiskWithinOneRun() throws IOException {
        try (FolderIndex index = open()) {
            String name = nameFor(index, "http://a.example/x.jpg", "x.jpg");
            Files.delete(folder.resolve(name));
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).isEmpty();
            touch(name);
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).contains("x.jpg");
        }
    }

    @Test
    void reopenedIndexKnowsFilesThatExistAndNamesStayStable() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x.jpg");
            assertThat(nameFor(index, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-2.jpg");
            assertThat(nameFor(index, "http://c.example/x.jpg", "x.jpg")).isEqualTo("x-3.jpg");
        }
        Files.delete(folder.resolve("x-2.jpg")); // as if never saved (a crash between its journal line and its link)

        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).contains("x.jpg");
            assertThat(index.existingFile(url("http://b.example/x.jpg"))).isEmpty();
            assertThat(index.existingFile(url("http://c.example/x.jpg"))).contains("x-3.jpg");
            // In whatever order the URLs come back, they keep their names.
            assertThat(nameFor(index, "http://c.example/x.jpg", "x.jpg")).isEqualTo("x-3.jpg");
            assertThat(nameFor(index, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-2.jpg");
            assertThat(nameFor(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x.jpg");
            // A newcomer does not take a name owned by a URL whose file is missing.
            assertThat(nameFor(index, "http://d.example/x.jpg", "x.jpg")).isEqualTo("x-4.jpg");
        }
    }

    @Test
    void reopenedIndexDoesNotReportADeletedFile() throws IOException {
        try (FolderIndex index = open()) {
            nameFor(index, "http://a.example/x.jpg", "x.jpg");
        }
        Files.delete(folder.resolve("x.jpg"));
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).isEmpty();
            assertThat(nameFor(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x.jpg");
        }
    }

    @Test
    void existingFileIgnoresADirectoryOfTheSameName() throws IOException {
        try (FolderIndex index = open()) {
            nameFor(index, "http://a.example/x.jpg", "x.jpg");
        }
        Files.delete(folder.resolve("x.jpg"));
        Files.createDirectory(folder.resolve("x.jpg"));
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).isEmpty();
        }
    }

    @Test
    void journalIsCreatedAndAppendedAcrossRuns() throws IOException {
        try (FolderIndex index = open()) {
            nameFor(index, "http://a.example/x.jpg", "x.jpg");
        }
        try (FolderIndex index = open()) {
            nameFor(index, "http://b.example/y.jpg", "y.jpg");
        }
        assertThat(Files.readAllLines(journal)).containsExactly(
                savedLine("http://a.example/x.jpg", "x.jpg"), savedLine("http://b.example/y.jpg", "y.jpg"));
    }

    @Test
    void tornLastJournalLineWithoutTabIsIgnored() throws IOException {
        Files.writeString(journal, "http://a.example/x.jpg\tx.jpg\nhttp://b.example/x.j");
        touch("x.jpg");
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).contains("x.jpg");
            assertThat(index.existingFile(url("http://b.example/x.j"))).isEmpty();
            assertThat(nameFor(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x.jpg");
            assertThat(nameFor(index, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-2.jpg");
        }
    }

    @Test
    void tornLastJournalLineEndingAfterTheTabIsIgnored() throws IOException {
        Files.writeString(journal, "http://a.example/x.jpg\tx.jpg\nhttp://b.example/y.jpg\t");
        touch("y.jpg"); // a foreign file: b's claim never completed
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://b.example/y.jpg"))).isEmpty();
            assertThat(publish(index, "http://b.example/y.jpg", "y.jpg")).isEqualTo("y-2.jpg");
            assertThat(nameFor(index, "http://a.example/x.jpg", "x.jpg")).isEqualTo("x.jpg");
        }
    }

    @Test
    void emptyAndBlankJournalLinesAreIgnored() throws IOException {
        Files.writeString(journal, "\n\t\nhttp://a.example/x.jpg\tx.jpg\n\n");
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-2.jpg");
            assertThat(nameFor(index, "http://c.example/half", "half")).isEqualTo("half");
        }
    }

    @Test
    void aNameFoundTakenAtPublishingIsJournalledAsForeignAndStaysSoAfterAReopen() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(publishAfterAForeignFileTakesTheClaimedName(index)).isEqualTo("y-2.png");
        }
        String hash = "\tsha256=" + sha256("http://a.example/y.png".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readAllLines(journal)).containsExactly(
                "http://a.example/y.png\ty.png" + hash, "\ty.png", "http://a.example/y.png\ty-2.png" + hash);
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/y.png"))).contains("y-2.png");
            // The user's file is nobody's, even when it is missing: no URL is given its name.
            Files.delete(folder.resolve("y.png"));
            assertThat(nameFor(index, "http://b.example/y.png", "y.png")).isEqualTo("y-3.png");
        }
    }

    @Test
    void aCrashRightAfterTheForeignLineNeverReplaysTheUrlAsOwningTheUsersFile() throws IOException {
        Files.writeString(journal, "http://a.example/y.png\ty.png\n\ty.png\n");
        touch("y.png");
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/y.png"))).isEmpty();
            assertThat(publish(index, "http://a.example/y.png", "y.png")).isEqualTo("y-2.png");
        }
        assertThat(folder.resolve("y.png")).hasContent("image");
    }

    @Test
    void claimAfterATornJournalLineSurvivesTheNextReopen() throws IOException {
        Files.writeString(journal, "http://a.example/a.jpg\ta.jpg\nhttp://b.example/b.j");
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://c.example/c.jpg", "c.jpg")).isEqualTo("c.jpg");
        }
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://c.example/c.jpg"))).contains("c.jpg");
            assertThat(nameFor(index, "http://c.example/c.jpg", "c.jpg")).isEqualTo("c.jpg");
        }
    }

    @Test
    void tornMultiByteCharacterInTheLastJournalLineIsIgnored() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("http://a.example/x.jpg\tx.jpg\nhttp://b.example/caf%C3%A9.jpg\tcaf".getBytes(
                StandardCharsets.UTF_8));
        bytes.write(0xC3); // first byte of 'é', the second never written
        Files.write(journal, bytes.toByteArray());
        touch("x.jpg");
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).contains("x.jpg");
        }
    }

    @Test
    void nonAsciiNamesSurviveAReopen() throws IOException {
        URI cafe = url("http://b.example/caf%C3%A9.jpg");
        try (FolderIndex index = open()) {
            assertThat(publish(index, folder, cafe, "café.jpg")).isEqualTo("café.jpg");
        }
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(cafe)).contains("café.jpg");
        }
    }

    @Test
    void concurrentClaimsOfDistinctUrlsGetDistinctNames() throws Exception {
        int urls = 1000;
        int threads = 16;
        List<String> names;
        try (FolderIndex index = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<String>> tasks = new ArrayList<>();
                for (int i = 0; i < urls; i++) {
                    URI u = url("http://h" + i + ".example/x.jpg");
                    tasks.add(() -> publish(index, folder, u, "x.jpg"));
                }
                names = new ArrayList<>();
                for (Future<String> f : pool.invokeAll(tasks)) {
                    names.add(f.get());
                }
            } finally {
                pool.shutdown();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        Set<String> distinct = new HashSet<>(names);
        assertThat(distinct).hasSize(urls).contains("x.jpg", "x-2.jpg", "x-" + urls + ".jpg");
        // Every claim was journalled exactly once, and a reopen sees the same names.
        assertThat(Files.readAllLines(journal)).hasSize(urls);
        try (FolderIndex index = open()) {
            for (int i = 0; i < urls; i++) {
                assertThat(nameFor(index, "http://h" + i + ".example/x.jpg", "x.jpg")).isEqualTo(names.get(i));
            }
        }
    }

    @Test
    void twoWritersSavingTheSameUrlsAtOnceLeaveOneFilePerUrl() throws Exception {
        // Two indexes of one folder behave as two processes: each sees the other only through the journal.
        int urls = 120;
        try (FolderIndex first = open(); FolderIndex second = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> names = new ArrayList<>();
                for (int i = 0; i < urls; i++) {
                    for (FolderIndex writer : List.of(first, second)) {
                        String u = "http://h" + (i % 7) + ".example/p/" + (i % 11) + ".jpg?v=" + i;
                        Callable<String> save = () -> {
                            Path temp = Files.createTempFile(folder, ".imgdl-test-", ".part");
                            Files.writeString(temp, u);
                            return save(writer, url(u), (i2(u)) + ".jpg", temp);
                        };
                        names.add(pool.submit(save));
                    }
                }
                for (Future<String> name : names) {
                    name.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        Set<String> contents = new HashSet<>();
        try (var files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).as("one file per URL, no temporary files").hasSize(urls);
            for (Path f : all) {
                contents.add(Files.readString(f));
            }
        }
        assertThat(contents).hasSize(urls);
        try (FolderIndex reopened = open()) {
            for (String u : contents) {
                assertThat(reopened.existingFile(url(u))).hasValueSatisfying(
                        name -> assertThat(folder.resolve(name)).hasContent(u));
            }
        }
    }

    /** Names that collide a lot: eleven wanted names for all the URLs. */
    private static String i2(String u) {
        return u.substring(u.indexOf("/p/") + 3, u.indexOf(".jpg"));
    }

    @Test
    void aWriterSeesWhatAnotherWriterSavedMeanwhile() throws IOException {
        try (FolderIndex first = open(); FolderIndex second = open()) {
            assertThat(second.existingFile(url("http://a.example/x.jpg"))).isEmpty();
            Path temp = Files.writeString(folder.resolve(".temp"), "x");
            assertThat(save(first, url("http://a.example/x.jpg"), "x.jpg", temp)).isEqualTo("x.jpg");
            // It looks at the journal again at most every 100 ms: most items ask, and a miss costs only a fetch.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> second.existingFile(url("http://a.example/x.jpg")).isPresent());
            assertThat(second.existingFile(url("http://a.example/x.jpg"))).contains("x.jpg");
            // And claims after it: another URL wanting the same name moves on.
            assertThat(nameFor(second, "http://b.example/x.jpg", "x.jpg")).isEqualTo("x-2.jpg");
        }
    }

    @Test
    void aLineTornByADeadWriterIsClosedOffAndNeverReadAsAClaim() throws IOException {
        Files.writeString(journal, "http://a.example/x.jpg\tx.jpg\nhttp://b.example/y.jpg\ty.j");
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://c.example/y.j", "y.j")).isEqualTo("y.j");
        }
        assertThat(Files.readString(journal)).isEqualTo("http://a.example/x.jpg\tx.jpg\nhttp://b.example/y.jpg\ty.j\t\n"
                + savedLine("http://c.example/y.j", "y.j") + "\n");
        try (FolderIndex index = open()) {
            assertThat(nameFor(index, "http://b.example/y.jpg", "y.jpg")).isEqualTo("y.jpg");
            assertThat(nameFor(index, "http://a.example/x.jpg", "other.jpg")).isEqualTo("x.jpg");
        }
    }

    @Test
    void aNameTheUrlOwnedAlreadyIsTakenAsItsOwnImageNeverATwin() throws IOException {
        try (FolderIndex index = open()) {
            nameFor(index, "http://a.example/y.png", "y.png");
            Files.delete(folder.resolve("y.png")); // as if an earlier run journalled it, then crashed before the link
            touch("y.png"); // another writer given the same item saved it meanwhile (served other bytes)
            Path temp = Files.writeString(folder.resolve(".temp"), "newer bytes");
            assertThat(save(index, url("http://a.example/y.png"), "y.png", temp)).isEqualTo("y.png");
            assertThat(temp).doesNotExist();
        }
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("y.png");
        }
    }

    private Published saveDeduped(FolderIndex index, String url, String wanted, String bytes)
            throws IOException {
        Path temp = Files.writeString(folder.resolve(".temp"), bytes);
        Published saved = index.publish(url(url), wanted, new FolderIndex.Content(temp, sha256(temp), null, true));
        assertThat(temp).doesNotExist();
        return saved;
    }

    @Test
    void bytesTheFolderHoldsAlreadyAreKeptOnceAndTheUrlFindsThatFileAfterAReopen() throws IOException {
        try (FolderIndex index = open()) {
            assertThat(saveDeduped(index, "http://a.example/x.jpg", "x.jpg", "same"))
                    .isEqualTo(new Published("x.jpg", false));
            assertThat(saveDeduped(index, "http://b.example/y.jpg", "y.jpg", "same"))
                    .isEqualTo(new Published("x.jpg", true));
            assertThat(saveDeduped(index, "http://c.example/y.jpg", "y.jpg", "other"))
                    .isEqualTo(new Published("y.jpg", false));
        }
        String same = sha256("same".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readAllLines(journal)).containsExactly(
                "http://a.example/x.jpg\tx.jpg\tsha256=" + same,
                "http://b.example/y.jpg\t\tsha256=" + same,
                "http://c.example/y.jpg\ty.jpg\tsha256=" + sha256("other".getBytes(StandardCharsets.UTF_8)));
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://b.example/y.jpg"))).contains("x.jpg");
            assertThat(index.sha256("x.jpg")).isEqualTo(same);
        }
    }

    @Test
    void theSameBytesPublishedAtOnceByTwoWritersAreKeptOnce() throws Exception {
        // Two indexes of one folder behave as two processes: each sees the other only through the journal.
        int contents = 50;
        int urlsPerContent = 8;
        List<Published> saved = new ArrayList<>();
        try (FolderIndex first = open(); FolderIndex second = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(urlsPerContent);
            try {
                List<Callable<Published>> saves = new ArrayList<>();
                for (int i = 0; i < contents * urlsPerContent; i++) {
                    FolderIndex writer = i % 2 == 0 ? first : second;
                    String u = "http://h" + i + ".example/x.jpg";
                    String bytes = "content " + i / urlsPerContent;
                    saves.add(() -> {
                        Path temp = Files.writeString(Files.createTempFile(folder, ".imgdl-test-", ".part"), bytes);
                        return writer.publish(url(u), "x.jpg", new FolderIndex.Content(temp, sha256(temp), null, true));
                    });
                }
                for (Future<Published> f : pool.invokeAll(saves)) {
                    saved.add(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (var files = Files.list(folder)) {
            assertThat(files.toList()).as("one file per content, no temporary files").hasSize(contents);
        }
        for (int c = 0; c < contents; c++) {
            List<Published> same = saved.subList(c * urlsPerContent, (c + 1) * urlsPerContent);
            assertThat(same).filteredOn(p -> !p.duplicate()).hasSize(1);
            String kept = same.stream().filter(p -> !p.duplicate()).findFirst().orElseThrow().name();
            assertThat(same).filteredOn(Published::duplicate).hasSize(urlsPerContent - 1)
                    .allSatisfy(p -> assertThat(p.name()).isEqualTo(kept));
        }
    }

    @Test
    void aFileChangedSinceItWasSavedIsNoLongerTakenForItsOldBytes() throws IOException {
        try (FolderIndex index = open()) {
            saveDeduped(index, "http://a.example/x.jpg", "x.jpg", "same");
            Files.writeString(folder.resolve("x.jpg"), "edited by the user");
            assertThat(saveDeduped(index, "http://b.example/y.jpg", "y.jpg", "same"))
                    .isEqualTo(new Published("y.jpg", false));
        }
    }

    @Test
    void theFileThatReplacedAChangedOneHoldsItsBytesForTheNextUrlsAndAfterAReplay() throws IOException {
        try (FolderIndex index = open()) {
            saveDeduped(index, "http://a.example/x.jpg", "x.jpg", "same");
            Files.writeString(folder.resolve("x.jpg"), "edited by the user");
            saveDeduped(index, "http://b.example/y.jpg", "y.jpg", "same");
            assertThat(saveDeduped(index, "http://c.example/z.jpg", "z.jpg", "same"))
                    .isEqualTo(new Published("y.jpg", true));
        }
        Files.delete(folder.resolve("x.jpg"));
        try (FolderIndex replayed = open()) {
            assertThat(replayed.existingFile(url("http://c.example/z.jpg"))).contains("y.jpg");
            assertThat(saveDeduped(replayed, "http://d.example/w.jpg", "w.jpg", "same"))
                    .isEqualTo(new Published("y.jpg", true));
        }
    }

    @Test
    void aFileRefreshedToBytesAnotherHoldsNeverTakesThemAwayFromThatFile() throws IOException {
        try (FolderIndex index = open()) {
            saveDeduped(index, "http://a.example/x.jpg", "x.jpg", "same");
            saveDeduped(index, "http://b.example/y.jpg", "y.jpg", "other");
            refresh(index, "http://b.example/y.jpg", "y.jpg", "same");
            refresh(index, "http://b.example/y.jpg", "y.jpg", "newer");
            assertThat(saveDeduped(index, "http://c.example/z.jpg", "z.jpg", "same"))
                    .isEqualTo(new Published("x.jpg", true));
        }
        try (FolderIndex replayed = open()) {
            assertThat(replayed.existingFile(url("http://c.example/z.jpg"))).contains("x.jpg");
        }
    }

    private void refresh(FolderIndex index, String url, String name, String bytes) throws IOException {
        Path temp = Files.writeString(folder.resolve(".temp"), bytes);
        index.replace(url(url), name, new FolderIndex.Content(temp, sha256(temp), null, false));
    }

    @Test
    void tornOrUnknownHashLinesAreSkipped() throws IOException {
        String hash = sha256("x".getBytes(StandardCharsets.UTF_8));
        Files.writeString(journal, "http://a.example/x.jpg\tx.jpg\tsha256=" + hash.substring(0, 10) + "\t\n"
                + "http://b.example/y.jpg\t\tsha256=" + hash + "\tlater\n"
                + "http://c.example/z.jpg\tz.jpg\tmd5=" + hash + "\n");
        touch("x.jpg");
        touch("z.jpg");
        try (FolderIndex index = open()) {
            assertThat(index.existingFile(url("http://a.example/x.jpg"))).isEmpty();
            assertThat(index.existingFile(url("http://b.example/y.jpg"))).isEmpty();
            assertThat(index.existingFile(url("http://c.example/z.jpg"))).isEmpty();
        }
    }
}
