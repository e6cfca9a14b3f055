package app.essence.common.storage;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * Serves a stored object over HTTP with Range support (RFC 9110 §14): the whole object with 200, or the one
 * requested range with 206 and {@code Content-Range}. An unsatisfiable range ends in a 416 problem. Where the
 * backend gives download URLs (S3) the answer is a 302 to a short-lived one instead, and the client sends its Range
 * there (docs/storage.md, "Playback").
 */
public final class RangedDownload {
    private RangedDownload() {
    }

    public static Response of(StorageClient storage, StorageClient.StoredObject object, String mimeType,
            String rangeHeader) throws IOException {
        return of(storage, object, mimeType, ByteRange.parse(rangeHeader, object.sizeBytes()));
    }

    /** As {@link #of(StorageClient, StorageClient.StoredObject, String, String)}, with the range parsed already. */
    public static Response of(StorageClient storage, StorageClient.StoredObject object, String mimeType,
            Optional<ByteRange> range) throws IOException {
        return of(storage, object, mimeType, range, Optional.empty());
    }

    /** As above; a {@code contentDisposition} makes it a download to keep (an attachment). */
    public static Response of(StorageClient storage, StorageClient.StoredObject object, String mimeType,
            Optional<ByteRange> range, Optional<String> contentDisposition) throws IOException {
        Optional<URI> url = storage.downloadUrl(object.key(),
                new StorageClient.Download(false, mimeType, contentDisposition));
        if (url.isPresent()) {
            return redirect(url.get()).build();
        }
        long size = object.sizeBytes();
        ByteRange served = range.orElseGet(() -> ByteRange.whole(size));
        return headers(object, mimeType, range, contentDisposition)
                .entity(size == 0 ? new byte[0] : storage.get(object.key(), served))
                .build();
    }

    /**
     * The answer GET would give without its body (for HEAD): the same status and headers, the object not opened;
     * where GET redirects, HEAD redirects to a URL signed for HEAD.
     */
    public static Response.ResponseBuilder head(StorageClient storage, StorageClient.StoredObject object,
            String mimeType, Optional<ByteRange> range, Optional<String> contentDisposition) {
        return storage.downloadUrl(object.key(), new StorageClient.Download(true, mimeType, contentDisposition))
                .map(RangedDownload::redirect)
                .orElseGet(() -> headers(object, mimeType, range, contentDisposition));
    }

    private static Response.ResponseBuilder redirect(URI url) {
        // The URL expires: no cache may keep the redirect longer than the URL lives.
        return Response.status(Response.Status.FOUND).location(url).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static Response.ResponseBuilder headers(StorageClient.StoredObject object, String mimeType,
            Optional<ByteRange> range, Optional<String> contentDisposition) {
        long size = object.sizeBytes();
        ByteRange served = range.orElseGet(() -> ByteRange.whole(size));
        Response.ResponseBuilder response = range.isPresent()
                ? Response.status(Response.Status.PARTIAL_CONTENT).header("Content-Range", served.contentRange(size))
                : Response.ok();
        contentDisposition.ifPresent(value -> response.header(HttpHeaders.CONTENT_DISPOSITION, value));
        return response.type(mimeType)
                .header(HttpHeaders.CONTENT_LENGTH, size == 0 ? 0 : served.length())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=60");
    }
}
