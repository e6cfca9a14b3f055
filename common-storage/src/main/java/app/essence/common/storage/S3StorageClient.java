package app.essence.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Storage in S3 buckets, one per kind of file (docs/DECISIONS.md, "storage"): Supabase Storage's S3 endpoint, AWS S3,
 * MinIO. A key's kind picks the bucket and the rest of the key is the object's name there
 * ({@link StorageKeys#placeObject}). Every SDK failure reaches the caller as an {@link IOException}, as the
 * filesystem's do.
 */
public class S3StorageClient implements StorageClient {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Settings settings;
    private final S3Upload upload;

    public S3StorageClient(S3Client s3, S3Presigner presigner, S3Settings settings) {
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
        this.upload = new S3Upload(s3, settings.partBytes());
    }

    /**
     * The presigner of playback URLs: at the public endpoint when one is set, since clients fetch them, else at the
     * endpoint the services use (docs/storage.md, "S3 settings"). The signature covers the host, so a URL cannot be
     * re-pointed afterwards.
     */
    public static S3Presigner presigner(S3Settings settings, AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder().region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyleAccess())
                        .build());
        settings.publicEndpoint().or(settings::endpoint).map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The SDK adds CRC32 checksums to every upload by default (headers, or aws-chunked trailers), which S3-compatible
     * servers such as Supabase Storage refuse (docs/storage.md, "Checksums"): the client is to compute and validate
     * checksums only where S3 requires them. Quarkus' S3 extension has no setting for it, so the SDK's own system
     * properties say it, before the client is built; an operator's own (or the SDK's environment variables) win.
     */
    public static void checksumsOnlyWhenRequired() {
        onlyWhenRequired("aws.requestChecksumCalculation", "AWS_REQUEST_CHECKSUM_CALCULATION");
        onlyWhenRequired("aws.responseChecksumValidation", "AWS_RESPONSE_CHECKSUM_VALIDATION");
    }

    private static void onlyWhenRequired(String property, String environment) {
        if (System.getProperty(property) == null && System.getenv(environment) == null) {
            System.setProperty(property, "when_required");
        }
    }

    @Override
    public StoredObject put(String key, InputStream content, long maxBytes, String contentType) throws IOException {
        Location at = objectAt(key);
        long written = sdk(() -> upload.put(at.bucket(), at.name(), content, maxBytes, contentType));
        return new StoredObject(key, written, contentType);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Location at = objectAt(key);
        try {
            HeadObjectResponse head = sdk(() -> s3.headObject(b -> b.bucket(at.bucket()).key(at.name())));
            return Optional.of(new StoredObject(key, head.contentLength(), head.contentType()));
        } catch (Missing e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream get(String key, ByteRange range) throws IOException {
        Location at = objectAt(key);
        if (range.length() <= 0) {
            return InputStream.nullInputStream();
        }
        return sdk(() -> s3.getObject(b -> b.bucket(at.bucket()).key(at.name())
                .range("bytes=" + range.first() + "-" + range.last())));
    }

    /** A copy inside the kind's bucket, then the source's removal: readers of {@code to} see the old or the new. */
    @Override
    public void move(String from, String to) throws IOException {
        Location source = objectAt(from);
        Location target = objectAt(to);
        sdk(() -> s3.copyObject(b -> b.sourceBucket(source.bucket()).sourceKey(source.name())
                .destinationBucket(target.bucket()).destinationKey(target.name())));
        sdk(() -> s3.deleteObject(b -> b.bucket(source.bucket()).key(source.name())));
    }

    @Override
    public boolean delete(String key) throws IOException {
        Location at = objectAt(key);
        // S3 answers a delete of a missing key as a success: the answer comes from a look first.
        boolean existed = stat(key).isPresent();
        sdk(() -> s3.deleteObject(b -> b.bucket(at.bucket()).key(at.name())));
        return existed;
    }

    @Override
    public int deleteAll(String prefix) throws IOException {
        return deleteUnder(prefix, object -> true, upload -> true);
    }

    @Override
    public int deleteOlderThan(String prefix, Instant cutoff) throws IOException {
        return deleteUnder(prefix, object -> object.lastModified().isBefore(cutoff),
                upload -> upload.initiated().isBefore(cutoff));
    }

    @Override
    public Optional<URI> downloadUrl(String key, Download download) {
        Location at = objectAt(key);
        String disposition = download.contentDisposition().orElse(null);
        if (download.head()) {
            return Optional.of(URI.create(presigner.presignHeadObject(p -> p
                    .signatureDuration(settings.presignedUrlLifetime())
                    .headObjectRequest(b -> b.bucket(at.bucket()).key(at.name())
                            .responseContentType(download.contentType()).responseContentDisposition(disposition)))
                    .url().toString()));
        }
        return Optional.of(URI.create(presigner.presignGetObject(p -> p
                .signatureDuration(settings.presignedUrlLifetime())
                .getObjectRequest(b -> b.bucket(at.bucket()).key(at.name())
                        .responseContentType(download.contentType()).responseContentDisposition(disposition)))
                .url().toString()));
    }

    /** Closes the presigner made for this client; the S3 client is Quarkus'. */
    public void close() {
        presigner.close();
    }

    /**
     * Lists the folder page by page and deletes what each page holds in one batch, so a folder of any size goes in
     * pages of {@code list-page-size}; then aborts the multipart uploads under it (a killed upload's parts).
     */
    private int deleteUnder(String prefix, Predicate<S3Object> doomed, Predicate<MultipartUpload> abandoned)
            throws IOException {
        Location at = folderAt(prefix);
        int deleted = 0;
        String continuation = null;
        do {
            String token = continuation;
            var page = sdk(() -> s3.listObjectsV2(b -> b.bucket(at.bucket()).prefix(at.name())
                    .maxKeys(settings.listPageSize()).continuationToken(token)));
            deleted += deleteBatch(at.bucket(), page.contents().stream().filter(doomed)
                    .map(object -> ObjectIdentifier.builder().key(object.key()).build()).toList());
            continuation = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (continuation != null);
        for (MultipartUpload stale : unfinishedUploads(at, abandoned)) {
            sdk(() -> s3.abortMultipartUpload(b -> b.bucket(at.bucket()).key(stale.key())
                    .uploadId(stale.uploadId())));
        }
        return deleted;
    }

    private int deleteBatch(String bucket, List<ObjectIdentifier> objects) throws IOException {
        if (objects.isEmpty()) {
            return 0;
        }
        DeleteObjectsResponse answer = sdk(() -> s3.deleteObjects(b -> b.bucket(bucket)
                .delete(Delete.builder().objects(objects).quiet(true).build())));
        if (answer.hasErrors() && !answer.errors().isEmpty()) {
            throw new IOException("S3 kept " + answer.errors().size() + " of " + objects.size() + " objects under "
                    + bucket + ", first: " + answer.errors().get(0).code());
        }
        return objects.size();
    }

    private List<MultipartUpload> unfinishedUploads(Location at, Predicate<MultipartUpload> abandoned)
            throws IOException {
        List<MultipartUpload> found = new ArrayList<>();
        String keyMarker = null;
        String uploadMarker = null;
        do {
            String key = keyMarker;
            String id = uploadMarker;
            var page = sdk(() -> s3.listMultipartUploads(b -> b.bucket(at.bucket()).prefix(at.name())
                    .maxUploads(settings.listPageSize()).keyMarker(key).uploadIdMarker(id)));
            page.uploads().stream().filter(abandoned).forEach(found::add);
            boolean more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = more ? page.nextKeyMarker() : null;
            uploadMarker = more ? page.nextUploadIdMarker() : null;
        } while (keyMarker != null);
        return found;
    }

    private Location objectAt(String key) {
        return located(StorageKeys.placeObject(key));
    }

    private Location folderAt(String folder) {
        return located(StorageKeys.placeFolder(folder));
    }

    private Location located(StorageKeys.Placed placed) {
        String bucket = switch (placed.kind()) {
            case CLIPS -> settings.buckets().clips();
            case AVATARS -> settings.buckets().avatars();
            case MESSAGES -> settings.buckets().messages();
        };
        return new Location(bucket, placed.path());
    }

    /** Runs an SDK call; its failures become {@link IOException}s, a missing object {@link Missing}. */
    private static <T> T sdk(SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (NoSuchKeyException e) {
            throw new Missing(e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                throw new Missing(e);
            }
            throw new IOException("S3 answered " + e.statusCode() + " " + errorCode(e), e);
        } catch (SdkException e) {
            throw new IOException("S3 call failed: " + e.getMessage(), e);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run() throws IOException;
    }

    private record Location(String bucket, String name) {
    }

    /** The object is not there (S3's 404), as the filesystem's {@link java.nio.file.NoSuchFileException}. */
    static final class Missing extends java.io.FileNotFoundException {
        Missing(Exception cause) {
            super(cause.getMessage());
            initCause(cause);
        }
    }
}
