package org.imagedownloader;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A real S3 API server on loopback (S3Proxy, in this process) for the object storage tests, and for
 * trying the downloader without an account ({@code bench/s3.sh start DIR}). The downloader finds its
 * credentials where it always does, in the AWS SDK's default chain: here the system properties
 * {@code aws.accessKeyId} and {@code aws.secretAccessKey}, which {@link #start} sets to this server's.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-never-logged";

    private final S3Proxy proxy;
    /** A client of the test's own, for looking into the bucket and for changing it behind the downloader's back. */
    public final S3Client client;

    private S3Server(S3Proxy proxy, String identity, String credential) {
        this.proxy = proxy;
        this.client = S3Client.builder().endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, credential)))
                .build();
    }

    /** A server keeping its objects in memory, accepting the test credentials. */
    public static S3Server start() throws Exception {
        return start(null, 0, SECRET_KEY);
    }

    /** A server keeping its objects in memory that accepts another secret than the one the downloader has. */
    public static S3Server startRefusingTheTestCredentials() throws Exception {
        return start(null, 0, "another-secret");
    }

    /** @param dir where the objects are kept as plain files, null for memory */
    static S3Server start(Path dir, int port, String secret) throws Exception {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        Properties properties = new Properties();
        if (dir != null) {
            properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create(dir == null ? "transient" : "filesystem", properties))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secret)
                .build();
        proxy.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> proxy.getState().equals("STARTED"));
        return new S3Server(proxy, ACCESS_KEY, secret);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public S3Server createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
        return this;
    }

    /** An object's bytes, or null if there is none. */
    public byte[] bytes(String bucket, String key) {
        try {
            return client.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    public HeadObjectResponse head(String bucket, String key) {
        return client.headObject(b -> b.bucket(bucket).key(key).checksumMode("ENABLED"));
    }

    /** The keys under a prefix, in order. */
    public List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(o -> o.key()).sorted().toList();
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }

    /**
     * {@code bench/s3.sh start DIR}: a server on 127.0.0.1:PORT (default 19000) keeping its objects as
     * plain files under DIR/objects, with a bucket named {@code images}, until killed.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "s3-data").toAbsolutePath().resolve("objects");
        Files.createDirectories(dir);
        S3Server server = start(dir, args.length > 1 ? Integer.parseInt(args[1]) : 19000, SECRET_KEY);
        if (server.client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals("images"))) {
            server.createBucket("images");
        }
        System.out.println("S3Proxy on " + server.endpoint() + ", bucket images, objects under " + dir);
        System.out.println("  AWS_ACCESS_KEY_ID=" + ACCESS_KEY + " AWS_SECRET_ACCESS_KEY=" + SECRET_KEY);
        Thread.currentThread().join();
    }
}
