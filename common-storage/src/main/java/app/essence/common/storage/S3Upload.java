package app.essence.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams a body of unknown length to S3 without holding it in memory (docs/storage.md, "Uploads"). S3 wants each
 * request's length up front, so the body is read a part at a time into a temporary file: a body that ends within
 * the first part goes in one PutObject, a longer one as a multipart upload, part by part. The object appears only
 * when all of it has arrived; a failure (the body, the size limit, S3) aborts the multipart upload, so nothing
 * stays behind.
 */
final class S3Upload {
    /** S3 refuses parts under 5 MiB (all but the last). */
    static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final S3Client s3;
    private final long partBytes;

    S3Upload(S3Client s3, long partBytes) {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("essence.storage.s3.part-bytes must be at least " + MIN_PART_BYTES
                    + " (S3's smallest part), not " + partBytes);
        }
        this.s3 = s3;
        this.partBytes = partBytes;
    }

    /** Stores the body under {@code key}; answers its length. */
    long put(String bucket, String key, InputStream body, long maxBytes, String contentType) throws IOException {
        Path spool = Files.createTempFile("essence-upload-", ".part");
        try {
            Part first = spoolPart(body, spool, 0, maxBytes);
            if (first.last()) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(first.bytes()),
                        RequestBody.fromFile(spool));
                return first.bytes();
            }
            return multipart(bucket, key, body, maxBytes, contentType, spool, first);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private long multipart(String bucket, String key, InputStream body, long maxBytes, String contentType, Path spool,
            Part first) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            Part part = first;
            while (true) {
                int number = parts.size() + 1;
                long length = part.bytes();
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength(length), RequestBody.fromFile(spool)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += length;
                if (part.last()) {
                    break;
                }
                part = spoolPart(body, spool, total, maxBytes);
                if (part.bytes() == 0) {
                    break; // the body ended exactly at a part's end
                }
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return total;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                // the staged-age sweep aborts it later (StorageClient.deleteOlderThan)
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /**
     * Reads up to one part of the body into the spool file (replacing the last part); {@code last} when the body
     * ended within it.
     */
    private Part spoolPart(InputStream body, Path spool, long before, long maxBytes) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long bytes = 0;
        try (OutputStream out = Files.newOutputStream(spool, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (bytes < partBytes) {
                int n = body.read(buffer, 0, (int) Math.min(buffer.length, partBytes - bytes));
                if (n == -1) {
                    return new Part(bytes, true);
                }
                bytes += n;
                if (before + bytes > maxBytes) {
                    throw new StorageClient.SizeLimitExceededException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        return new Part(bytes, false);
    }

    private record Part(long bytes, boolean last) {
    }
}
