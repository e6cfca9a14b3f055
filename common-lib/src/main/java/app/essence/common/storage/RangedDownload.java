package app.essence.common.storage;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;

/**
 * Serves a stored object over HTTP with Range support (RFC 9110 §14): the whole object with 200, or the one
 * requested range with 206 and {@code Content-Range}. An unsatisfiable range ends in a 416 problem.
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
        long size = object.sizeBytes();
        ByteRange served = range.orElseGet(() -> ByteRange.whole(size));
        return headers(object, mimeType, range)
                .entity(size == 0 ? new byte[0] : storage.get(object.key(), served))
                .build();
    }

    /** The answer's status and headers without its body (for HEAD): the object is not opened. */
    public static Response.ResponseBuilder headers(StorageClient.StoredObject object, String mimeType,
            Optional<ByteRange> range) {
        long size = object.sizeBytes();
        ByteRange served = range.orElseGet(() -> ByteRange.whole(size));
        Response.ResponseBuilder response = range.isPresent()
                ? Response.status(Response.Status.PARTIAL_CONTENT).header("Content-Range", served.contentRange(size))
                : Response.ok();
        return response.type(mimeType)
                .header(HttpHeaders.CONTENT_LENGTH, size == 0 ? 0 : served.length())
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=60");
    }
}
