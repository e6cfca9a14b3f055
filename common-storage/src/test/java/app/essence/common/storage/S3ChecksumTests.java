package app.essence.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What an upload sends (docs/storage.md, "Checksums"): no checksum headers or trailers, which
 * S3-compatible servers such as Supabase Storage refuse. Seen on the wire, at a server that records each request.
 */
class S3ChecksumTests {

    @Test
    void uploadsCarryNoChecksumHeadersNorTrailers() throws Exception {
        List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(Map.copyOf(exchange.getRequestHeaders()));
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        S3StorageClient.checksumsOnlyWhenRequired();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1).forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .build()) {
            s3.putObject(b -> b.bucket("clips").key("a.wav").contentLength(5L), RequestBody.fromString("audio"));
            s3.uploadPart(b -> b.bucket("clips").key("b.wav").uploadId("u").partNumber(1).contentLength(5L),
                    RequestBody.fromString("audio"));
        } finally {
            server.stop(0);
        }
        assertEquals(2, requests.size());
        for (Map<String, List<String>> headers : requests) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                assertFalse(name.startsWith("x-amz-checksum") || name.equals("x-amz-trailer")
                        || name.equals("x-amz-sdk-checksum-algorithm"), "sent " + header);
                // Over plain HTTP the SDK signs the body in aws-chunked chunks; a checksum would come as a trailer.
                if (name.equals("x-amz-content-sha256")) {
                    assertFalse(header.getValue().toString().contains("TRAILER"), "sent " + header);
                }
            }
            assertTrue(headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("authorization")));
        }
    }
}
