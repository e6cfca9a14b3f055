package app.essence.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The S3 backend's settings, under {@code essence.storage.s3} (docs/storage.md). Endpoint, region and path-style
 * access are handed to Quarkus' S3 client (common-storage's META-INF/microprofile-config.properties), the credentials
 * through {@link S3Credentials}; the rest is ours.
 */
@ConfigMapping(prefix = "essence.storage.s3")
public interface S3Settings {
    /** Unset, the SDK's own endpoint for the region (AWS S3); Supabase, MinIO and s3proxy give theirs. */
    Optional<String> endpoint();

    /**
     * The address clients reach the S3 server at, used only to presign playback URLs; unset, the endpoint. Set
     * when the services reach it by an address clients cannot (an in-cluster MinIO, a private Supabase route).
     */
    Optional<String> publicEndpoint();

    @WithDefault("us-east-1")
    String region();

    /** Bucket in the path ({@code endpoint/bucket/key}): what Supabase Storage, MinIO and s3proxy expect. */
    @WithDefault("true")
    boolean pathStyleAccess();

    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();

    Buckets buckets();

    /** A body up to this size goes in one PutObject; a larger one as a multipart upload of parts this size. */
    @WithDefault("8388608")
    long partBytes();

    /**
     * How long a presigned playback URL stays valid: a player fetches ranges for the whole listening. Between
     * {@link S3SettingsCheck#SHORTEST_URL_LIFETIME} and {@link S3SettingsCheck#LONGEST_URL_LIFETIME}.
     */
    @WithDefault("5m")
    Duration presignedUrlLifetime();

    /**
     * The longest one S3 call (an upload part, a listing page) may take, its retries included; handed to the SDK's
     * apiCallTimeout (common-storage's META-INF/microprofile-config.properties). Read there, listed here for the docs.
     */
    @WithDefault("60s")
    Duration callTimeout();

    /** The longest one attempt of an S3 call may take before the SDK retries it (apiCallAttemptTimeout). */
    @WithDefault("20s")
    Duration attemptTimeout();

    /** Keys asked for in one listing page (S3 answers at most 1000); a folder's removal pages through them all. */
    @WithDefault("1000")
    int listPageSize();

    /**
     * One bucket per kind of file (docs/DECISIONS.md, "storage"), three different ones: a kind's folders and its
     * staging sweep are prefixes that would take the other kinds' objects in a shared bucket.
     */
    interface Buckets {
        @WithDefault("training-clips")
        String clips();

        @WithDefault("avatars")
        String avatars();

        @WithDefault("messages")
        String messages();
    }
}
