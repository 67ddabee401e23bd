package org.imagedownloader.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.security.MessageDigest;
import org.imagedownloader.S3Server;
import org.imagedownloader.store.ImageType;
import org.imagedownloader.store.ListStore;
import org.imagedownloader.store.Published;
import org.imagedownloader.store.Saved;
import org.imagedownloader.store.Upload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The bucket's promises with several writers at once, each a store of its own as a daemon would have:
 * against a real S3 API server, so every claim is a real conditional write.
 */
class S3StoreTest {

    private static final String BUCKET = "race";
    private static final int WRITERS = 4;
    private static final AtomicInteger LISTS = new AtomicInteger();
    private static S3Server server;

    @TempDir
    Path spool;
    private final List<S3Store> stores = new ArrayList<>();
    private String list;

    @BeforeAll
    @Timeout(60) // the first S3 client of a JVM takes long to start on a busy machine
    static void startServer() throws Exception {
        server = S3Server.start().createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void writers() {
        list = "list" + LISTS.incrementAndGet();
        for (int i = 0; i < WRITERS; i++) {
            stores.add(store(S3Store.PART_SIZE));
        }
    }

    @AfterEach
    void stop() {
        stores.forEach(S3Store::stop);
    }

    private S3Store store(long partSize) {
        S3Store store = new S3Store(S3Store.client(server.endpoint(), "", 8), BUCKET, "out", spool,
                "w" + stores.size(), partSize);
        store.start();
        return store;
    }

    @Test
    void writersGivenTheSameUrlAtOnceKeepOneObjectUnderOneName() throws Exception {
        URI url = URI.create("http://a.example/cat.png");
        byte[] bytes = bytes(3_000, 1);

        List<Published> published = race(i -> publish(stores.get(i).list(list), url, "cat.png", bytes, false));

        assertThat(published).extracting(Published::name).containsOnly("cat.png");
        assertThat(server.keys(BUCKET, "out/" + list + "/")).containsExactly("out/" + list + "/cat.png");
        assertThat(server.bytes(BUCKET, "out/" + list + "/cat.png")).isEqualTo(bytes);
    }

    @Test
    void urlsRacingForOneNameGetANameAndAnObjectEach() throws Exception {
        List<Published> published = race(i -> publish(stores.get(i).list(list),
                URI.create("http://h" + i + ".example/cat.png"), "cat.png", bytes(2_000, i), false));

        assertThat(published).extracting(Published::name)
                .containsExactlyInAnyOrder("cat.png", "cat-2.png", "cat-3.png", "cat-4.png");
        for (int i = 0; i < WRITERS; i++) {
            String name = stores.get(i).list(list).existing(URI.create("http://h" + i + ".example/cat.png")).orElseThrow().name();
            assertThat(server.bytes(BUCKET, "out/" + list + "/" + name)).isEqualTo(bytes(2_000, i));
        }
    }

    @Test
    void urlsWithTheSameBytesAtOnceKeepThemOnce() throws Exception {
        byte[] same = bytes(5_000, 7);

        List<Published> published = race(i -> publish(stores.get(i).list(list),
                URI.create("http://h" + i + ".example/p" + i + ".png"), "p" + i + ".png", same, true));

        assertThat(published).filteredOn(p -> !p.duplicate()).hasSize(1);
        String holder = published.stream().filter(p -> !p.duplicate()).findFirst().orElseThrow().name();
        assertThat(published).extracting(Published::name).containsOnly(holder);
        assertThat(server.keys(BUCKET, "out/" + list + "/")).containsExactly("out/" + list + "/" + holder);
    }

    @Test
    void anObjectSomeoneElsePutUnderTheWantedNameIsLeftAloneAndTheUrlTakesTheNextName() {
        byte[] theirs = bytes(100, 3);
        server.client.putObject(b -> b.bucket(BUCKET).key("out/" + list + "/dog.png"), RequestBody.fromBytes(theirs));

        Published ours = publish(stores.get(0).list(list), URI.create("http://a.example/dog.png"), "dog.png",
                bytes(1_000, 4), false);

        assertThat(ours.name()).isEqualTo("dog-2.png");
        assertThat(server.bytes(BUCKET, "out/" + list + "/dog.png")).isEqualTo(theirs);
        assertThat(server.bytes(BUCKET, "out/" + list + "/dog-2.png")).isEqualTo(bytes(1_000, 4));
    }

    @Test
    void aClaimLeftWithoutItsImageByAKilledWriterGetsTheImageUnderItsNameAndKeepsTheNameFromOthers() {
        URI url = URI.create("http://a.example/owl.png");
        // What a writer killed between its claims and its upload leaves: claims, and no object.
        Claims claims = new Claims(new S3Objects(server.client, BUCKET, S3Store.PART_SIZE), "out/." + list + ".index/");
        assertThat(claims.claimName("owl.png", url)).isTrue();
        assertThat(claims.create(url, Claims.UrlClaim.saved("owl.png", sha256(bytes(10, 0)), null))).isTrue();
        ListStore restarted = stores.get(1).list(list);
        assertThat(restarted.existing(url)).as("a claim whose image is missing is fetched again").isEmpty();

        Published other = publish(restarted, URI.create("http://b.example/owl.png"), "owl.png", bytes(900, 1), false);
        Published own = publish(restarted, url, "owl.png", bytes(800, 2), false);

        assertThat(other.name()).isEqualTo("owl-2.png");
        assertThat(own.name()).isEqualTo("owl.png");
        assertThat(server.bytes(BUCKET, "out/" + list + "/owl.png")).isEqualTo(bytes(800, 2));
        assertThat(restarted.sha256("owl.png")).isEqualTo(sha256(bytes(800, 2)));
    }

    @Test
    void aClaimLeftNamingSomeoneElsesObjectIsNotTakenForTheUrlsImageAndTheUrlMovesOn() {
        URI url = URI.create("http://a.example/fox.png");
        byte[] theirs = bytes(3, 6);
        // What a writer killed after claiming a name leaves when it would have found the name taken next.
        Claims claims = new Claims(new S3Objects(server.client, BUCKET, S3Store.PART_SIZE), "out/." + list + ".index/");
        assertThat(claims.claimName("fox.png", url)).isTrue();
        assertThat(claims.create(url, Claims.UrlClaim.saved("fox.png", sha256(bytes(10, 0)), null))).isTrue();
        server.client.putObject(b -> b.bucket(BUCKET).key("out/" + list + "/fox.png"), RequestBody.fromBytes(theirs));
        ListStore restarted = stores.get(1).list(list);

        assertThat(restarted.existing(url)).as("someone else's object is not the URL's image").isEmpty();
        Published own = publish(restarted, url, "fox.png", bytes(500, 2), false);

        assertThat(own.name()).isEqualTo("fox-2.png");
        assertThat(server.bytes(BUCKET, "out/" + list + "/fox.png")).isEqualTo(theirs);
        assertThat(restarted.existing(url)).contains(new Saved("fox-2.png", 500, sha256(bytes(500, 2))));
    }

    @Test
    void aBodyBiggerThanThePartSizeGoesUpInPartsStreamedFromTheSpool() throws Exception {
        S3Store small = store(5L << 20);
        stores.add(small);
        byte[] big = bytes(20_000_000, 9);

        Published saved = publish(small.list(list), URI.create("http://a.example/big.jpg"), "big.jpg", big, false);

        var head = server.head(BUCKET, "out/" + list + "/" + saved.name());
        assertThat(head.eTag()).as("an ETag of a 4-part upload").endsWith("-4\"");
        assertThat(head.metadata()).containsEntry("sha256", sha256(big));
        assertThat(head.contentType()).as("the type it was uploaded as").isEqualTo("image/jpeg");
        assertThat(server.bytes(BUCKET, "out/" + list + "/" + saved.name())).isEqualTo(big);
        assertThat(small.list(list).sha256(saved.name())).isEqualTo(sha256(big));
    }

    @Test
    void theStartCheckProvesConditionalWritesAndLeavesNoProbeBehind() {
        stores.get(0).checkBucket();

        assertThat(server.keys(BUCKET, "out/.probe-")).isEmpty();
    }

    @Test
    void aBodyOverTenThousandPartsGoesUpInBiggerPartsSoS3TakesIt() {
        S3Objects objects = new S3Objects(server.client, BUCKET, S3Store.PART_SIZE);

        assertThat(objects.partSize(1L << 30)).isEqualTo(S3Store.PART_SIZE);
        assertThat(objects.partSize(10_000 * S3Store.PART_SIZE)).isEqualTo(S3Store.PART_SIZE);
        long huge = 200L << 30;
        assertThat(objects.partSize(huge)).isGreaterThan(S3Store.PART_SIZE);
        assertThat((huge + objects.partSize(huge) - 1) / objects.partSize(huge)).isLessThanOrEqualTo(10_000);
    }

    @Test
    void anUploadReadsBackItsCompleteBytesBeforeItIsPublished() throws Exception {
        byte[] bytes = bytes(70_000, 5);
        try (Upload upload = stores.get(0).list(list).newUpload(ImageType.JPEG)) {
            upload.write(bytes, bytes.length);
            try (InputStream in = upload.open()) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
        assertThat(spool).isEmptyDirectory();
    }

    private static Published publish(ListStore list, URI url, String wanted, byte[] bytes, boolean dedup) {
        try (Upload upload = list.newUpload(ImageType.JPEG)) {
            upload.write(bytes, bytes.length);
            return list.publish(url, wanted, upload, sha256(bytes), null, dedup);
        }
    }

    interface Writer {
        Published write(int i) throws Exception;
    }

    private static List<Published> race(Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Callable<Published>> tasks = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int n = i;
                tasks.add(() -> writer.write(n));
            }
            List<Published> out = new ArrayList<>();
            for (Future<Published> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
