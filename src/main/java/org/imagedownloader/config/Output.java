package org.imagedownloader.config;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.imagedownloader.config.Setting.FilePath;

/**
 * A folder, or {@code s3://BUCKET/PREFIX} for object storage: a {@link Path} or a {@link Bucket}. The
 * bucket name is checked as S3 names buckets, so a typo is named here rather than by the first upload.
 */
public record Output() implements Setting.Kind {
    private static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    @Override
    public Object parse(String key, String value) {
        if (!value.startsWith(SCHEME)) {
            return new FilePath().parse(key, value);
        }
        String rest = value.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException(key + " must name a bucket as s3://BUCKET/PREFIX, not '" + value + "'");
        }
        if (prefix.contains("//") || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(key + " has a prefix S3 keys cannot carry: '" + value + "'");
        }
        return new Bucket(bucket, prefix);
    }

    /** An s3:// output: the bucket, and the prefix of every key (empty, or without a slash at either end). */
    public record Bucket(String name, String prefix) {
    }
}
