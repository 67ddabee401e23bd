package org.imagedownloader.store.s3;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.http.conn.ConnectTimeoutException;
import org.imagedownloader.store.StorageException;
import org.imagedownloader.store.StoreUnreachableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The few S3 operations the store needs, on one bucket, through the AWS SDK directly (not Camel's
 * producer: it sends no SHA-256 checksum, and reads a body it cannot measure whole into memory). A write
 * is either a creation, which never replaces an object ({@code If-None-Match: *}; false when the key is
 * taken), or a plain put. Every other failure, after the SDK's own retries, is a {@link StorageException}:
 * a {@link StoreUnreachableException} when no connection to the store could be made.
 */
final class S3Objects {

    /** The object metadata of an image: its SHA-256 (hex), and the SHA-256 of the URL it was saved for. */
    static final String SHA256 = "sha256";
    static final String URL_SHA256 = "url-sha256";

    private static final int PRECONDITION_FAILED = 412;
    /** S3's answer to a conditional write while another one on the same key is in flight: ask again. */
    private static final int CONDITIONAL_CONFLICT = 409;
    private static final int CONFLICT_TRIES = 5;
    /** Half the longest first pause; the longest grows to 16 times this by the last try. */
    private static final long CONFLICT_PAUSE_MILLIS = 25;
    private static final int NOT_FOUND = 404;
    private static final long MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final long partSize;

    /** @param partSize bodies longer than this go up in parts of this size */
    S3Objects(S3Client s3, String bucket, long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /** What an object says of itself. */
    record Head(long size, String sha256, String urlSha256) {
    }

    /** Creates a small object (a claim); false if the key is taken. */
    boolean create(String key, byte[] body) {
        return conditional(key, () -> {
            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(body));
            return true;
        });
    }

    /** Puts a small object (a claim of ours), replacing what is there. */
    void put(String key, byte[] body) {
        storing(key, () -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body)));
    }

    /** A small object's bytes, or null if there is none. */
    byte[] get(String key) {
        return storing(key, () -> {
            try {
                return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
    }

    /** What an object says of itself, or null if there is none. */
    Head head(String key) {
        return storing(key, () -> {
            try {
                HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
                return new Head(head.contentLength(), head.metadata().get(SHA256), head.metadata().get(URL_SHA256));
            } catch (S3Exception e) {
                // A HEAD answer has no body to tell a missing key from a missing bucket; the writes that follow do.
                if (e.statusCode() == NOT_FOUND) {
                    return null;
                }
                throw e;
            }
        });
    }

    /**
     * Creates an image object from a complete spool, checked by the store against its SHA-256; false if
     * the key is taken. Never visible partly: a PUT or a multipart upload's completion is one step.
     */
    boolean create(String key, Spool spool, String sha256, String urlSha256) {
        return conditional(key, () -> upload(key, spool, sha256, urlSha256, true));
    }

    /** Puts an image object from a complete spool over the one under its key, in one step. */
    void put(String key, Spool spool, String sha256, String urlSha256) {
        storing(key, () -> upload(key, spool, sha256, urlSha256, false));
    }

    /** Puts a local file (a report) under the key, replacing what is there. */
    void put(String key, Path file) {
        storing(key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/csv; charset=utf-8"),
                RequestBody.fromFile(file)));
    }

    void delete(String key) {
        storing(key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /** Uploads; false if a creation found the key taken (as {@code If-None-Match} reports it: 412). */
    private boolean upload(String key, Spool spool, String sha256, String urlSha256, boolean create) {
        Map<String, String> metadata = Map.of(SHA256, sha256, URL_SHA256, urlSha256);
        long length = spool.complete();
        if (length > partSize) {
            return new Multipart(s3, bucket, key, partSize(length)).upload(spool, length, metadata, create);
        }
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).metadata(metadata)
                .contentType(spool.contentType()).contentLength(length).checksumSHA256(base64(sha256));
        if (create) {
            put.ifNoneMatch("*");
        }
        s3.putObject(put.build(), RequestBody.fromFile(spool.file()));
        return true;
    }

    /**
     * The configured part size, or bigger for a body that would need more than S3's 10,000 parts: the size
     * of an image is bounded by the max-bytes setting only, which may be unbounded.
     */
    long partSize(long length) {
        return Math.max(partSize, (length + MAX_PARTS - 1) / MAX_PARTS);
    }

    /**
     * A conditional write: false on 412, asked again while another conditional write on the key is in
     * flight, after a pause that doubles and is drawn at random, so writers that met stop meeting.
     */
    private boolean conditional(String key, Supplier<Boolean> write) {
        return storing(key, () -> {
            for (int tries = 1; ; tries++) {
                try {
                    return write.get();
                } catch (S3Exception e) {
                    if (e.statusCode() == PRECONDITION_FAILED) {
                        return false;
                    }
                    if (e.statusCode() != CONDITIONAL_CONFLICT || tries == CONFLICT_TRIES) {
                        throw e;
                    }
                    pause(tries, e);
                }
            }
        });
    }

    private static void pause(int tries, S3Exception conflict) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(CONFLICT_PAUSE_MILLIS << tries));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw conflict; // stopping: the write is left undone, as a failed one
        }
    }

    private <T> T storing(String key, Supplier<T> work) {
        try {
            return work.get();
        } catch (SdkException e) {
            String place = "s3://" + bucket + "/" + key;
            throw unreached(e) ? new StoreUnreachableException(place, e) : new StorageException(place, e);
        }
    }

    /** Whether the SDK could not connect at all (the SDK's HTTP client is Apache HttpClient 4). */
    static boolean unreached(SdkException error) {
        if (!(error instanceof SdkClientException)) {
            return false; // the store answered
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void storing(String key, Runnable work) {
        storing(key, () -> {
            work.run();
            return null;
        });
    }

    static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
