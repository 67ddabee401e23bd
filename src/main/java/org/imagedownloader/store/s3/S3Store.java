package org.imagedownloader.store.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.support.service.ServiceSupport;
import org.imagedownloader.store.FileNamer;
import org.imagedownloader.store.FolderStore;
import org.imagedownloader.store.ListStore;
import org.imagedownloader.store.StorageException;
import org.imagedownloader.store.Store;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The output as objects in an S3 bucket (AWS or any S3-compatible server): each list's images under
 * {@code PREFIX/<list>/}, its index of claims beside them ({@link ListBucket}), its report at
 * {@code PREFIX/<list>.report.csv}. Uploads are spooled to local files in a folder of the daemon's own,
 * tagged with its writer tag. Credentials come from the AWS SDK's default chain only, never from our
 * settings, so they are in no log, report or settings dump of ours.
 */
public final class S3Store extends ServiceSupport implements Store {

    /** Small enough that most images are one PUT; a body over 80 GiB goes up in bigger parts (S3 takes 10,000). */
    static final long PART_SIZE = 8L << 20;

    private final S3Client s3;
    private final String bucket;
    /** Empty, or the key prefix ending in a slash. */
    private final String prefix;
    private final S3Objects objects;
    private final Path spoolDir;
    private final String tag;
    private final AtomicLong spools = new AtomicLong();

    /** @param spoolDir where uploads are spooled, a folder that {@code Leftovers} cleans of dead writers' files */
    public S3Store(S3Client s3, String bucket, String prefix, Path spoolDir, String tag) {
        this(s3, bucket, prefix, spoolDir, tag, PART_SIZE);
    }

    S3Store(S3Client s3, String bucket, String prefix, Path spoolDir, String tag, long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
        this.objects = new S3Objects(s3, bucket, partSize);
        this.spoolDir = spoolDir;
        this.tag = tag;
    }

    /**
     * An S3 client for an endpoint (empty: AWS; any other with path-style addressing, as S3-compatible
     * servers need) and a region (empty: the SDK's default chain, or us-east-1 with an endpoint). It sends
     * no checksum of its own choosing: ours is SHA-256, given with each image, and the streaming checksum
     * trailers the SDK would otherwise add are not spoken by every S3-compatible server. A region or
     * credentials the SDK's default chains cannot find stop the start with one line saying what to set.
     */
    public static S3Client client(String endpoint, String region, int connections) {
        S3ClientBuilder builder = S3Client.builder()
                .credentialsProvider(credentials())
                .region(region(endpoint, region))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(connections))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    private static Region region(String endpoint, String region) {
        if (!region.isEmpty()) {
            return Region.of(region);
        }
        if (!endpoint.isEmpty()) {
            return Region.US_EAST_1;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalStateException("downloader.s3.region: none set, and the AWS SDK finds none (AWS_REGION, a profile's region)");
        }
    }

    /** The SDK's default chain, asked once now: a chain that finds nothing is a bad setting, not a failed image. */
    private static AwsCredentialsProvider credentials() {
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            chain.resolveCredentials();
        } catch (SdkClientException e) {
            chain.close();
            throw new IllegalStateException("downloader.output: no S3 credentials: set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or a profile or role the AWS SDK's default chain finds");
        }
        return chain;
    }

    @Override
    public ListStore list(String folder) {
        if (folder == null || folder.isEmpty() || !FileNamer.safe(folder).equals(folder)) {
            throw new IllegalArgumentException("not a list folder name: " + folder);
        }
        return new ListBucket(objects, new Claims(objects, prefix + "." + folder + ".index/"), prefix + folder + "/",
                type -> new Spool(spoolDir.resolve(FolderStore.tempName(tag, spools.incrementAndGet())), type.mimeType()));
    }

    /** Puts a list's finished report beside its images, in place of an earlier run's; a failure is a {@link StorageException}. */
    public void putReport(String folder, Path report) {
        objects.put(prefix + folder + ".report.csv", report);
    }

    /** Where the output goes, for messages: {@code s3://BUCKET/PREFIX/}. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** Where a list's images go, for messages. */
    public String imagesLocation(String folder) {
        return location() + folder + "/";
    }

    /** Where a list's report goes, for messages. */
    public String reportLocation(String folder) {
        return location() + folder + ".report.csv";
    }

    /**
     * Stops the start with one line naming the setting when the bucket is missing, refuses our
     * credentials or cannot be reached, as a bad setting does; then proves that writes work under the
     * prefix and that the server refuses a second conditional creation, which every promise rests on.
     */
    public void checkBucket() {
        String problem = bucketProblem();
        if (problem != null) {
            throw new IllegalStateException("downloader.output: " + problem);
        }
        probeConditionalWrites();
    }

    /** What keeps the bucket from being used, from one HEAD on it (after the SDK's own retries); null if nothing. */
    public String bucketProblem() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return null;
        } catch (S3Exception e) {
            return switch (e.statusCode()) {
                case 404 -> "there is no bucket " + bucket;
                case 403 -> "bucket " + bucket + " refuses the credentials of the AWS SDK's default chain";
                default -> "bucket " + bucket + " answers HTTP " + e.statusCode();
            };
        } catch (SdkException e) {
            return "cannot reach bucket " + bucket + ": " + firstLine(e.getMessage());
        }
    }

    /**
     * Creates a key no other start uses twice with {@code If-None-Match: *}: the second must be refused.
     * A start killed in between leaves a probe of a few bytes under the prefix, which nothing reads.
     */
    private void probeConditionalWrites() {
        String key = prefix + ".probe-" + UUID.randomUUID();
        byte[] body = "conditional write probe\n".getBytes(StandardCharsets.UTF_8);
        boolean refused;
        try {
            refused = objects.create(key, body) && !objects.create(key, body);
            objects.delete(key);
        } catch (StorageException e) {
            throw new IllegalStateException("downloader.output: bucket " + bucket + " refuses writes under s3://"
                    + bucket + "/" + prefix + " with the credentials of the AWS SDK's default chain: "
                    + firstLine(e.getCause().getMessage()));
        }
        if (!refused) {
            throw new IllegalStateException("downloader.output: the S3 server of bucket " + bucket + " does not refuse"
                    + " a second creation of one key (If-None-Match: *), which never overwriting an image needs");
        }
    }

    @Override
    protected void doStart() {
        try {
            Files.createDirectories(spoolDir);
        } catch (IOException e) {
            throw new StorageException(spoolDir, e);
        }
    }

    @Override
    protected void doStop() {
        s3.close();
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
