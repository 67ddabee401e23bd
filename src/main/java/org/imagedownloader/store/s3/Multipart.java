package org.imagedownloader.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.imagedownloader.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object uploaded in parts, each read afresh from the spool and checked by the store against its own
 * SHA-256, so memory holds no more than the SDK's copy buffer whatever the image's size. Through the SDK
 * directly: Camel's multipart path drops the object's metadata (where its whole SHA-256 lives, since S3
 * keeps only a checksum of the parts' checksums) and reads a body it cannot measure whole. The object
 * appears at completion only, under {@code If-None-Match: *} for a creation; an upload that fails is
 * aborted, and one a dead writer left is removed by the bucket's lifecycle rule (docs/s3.md).
 */
final class Multipart {

    private static final Logger LOG = LoggerFactory.getLogger(Multipart.class);

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long partSize;

    Multipart(S3Client s3, String bucket, String key, long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partSize = partSize;
    }

    /** Uploads the spool's bytes; false if a creation found the key taken at completion. */
    boolean upload(Spool spool, long length, Map<String, String> metadata, boolean create) {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)
                .contentType(spool.contentType()).checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < length; offset += partSize) {
                parts.add(part(id, parts.size() + 1, spool, offset, Math.min(partSize, length - offset)));
            }
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
                    .bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts));
            if (create) {
                complete.ifNoneMatch("*");
            }
            s3.completeMultipartUpload(complete.build());
            completed = true;
            return true;
        } catch (S3Exception e) {
            if (create && e.statusCode() == 412) {
                return false;
            }
            throw e;
        } finally {
            if (!completed) {
                abort(id);
            }
        }
    }

    private CompletedPart part(String id, int number, Spool spool, long offset, long count) {
        String checksum = sha256(spool, offset, count);
        UploadPartResponse sent = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(number)
                        .contentLength(count).checksumSHA256(checksum),
                RequestBody.fromContentProvider(() -> spool.range(offset, count), count, "application/octet-stream"));
        return CompletedPart.builder().partNumber(number).eTag(sent.eTag()).checksumSHA256(checksum).build();
    }

    /** A part's checksum, read from the spool before the part goes up: the store refuses a part that differs. */
    private String sha256(Spool spool, long offset, long count) {
        try (InputStream in = spool.range(offset, count)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                digest.update(buf, 0, n);
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException e) {
            throw new StorageException(spool.file(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Aborted, so no part of a failed upload stays billed or visible to a listing of uploads. */
    private void abort(String id) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        } catch (SdkException e) {
            // The failure that brought us here is the one to report; the lifecycle rule removes this upload.
            LOG.warn("Aborting the multipart upload of s3://{}/{}: {}", bucket, key, e.getMessage());
        }
    }
}
