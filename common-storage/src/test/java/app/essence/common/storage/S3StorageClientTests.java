package app.essence.common.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The storage contract on a real S3 server (s3proxy in its own process, docs/stack.md), and what only S3 has:
 * presigned URLs, multipart uploads left by killed requests.
 */
class S3StorageClientTests extends StorageContract {
    private static final List<String> BUCKETS = List.of("test-clips", "test-avatars", "test-messages");
    private static S3ProxyServer server;
    private static S3Client s3;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3ProxyServer.start();
        s3 = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create()).build();
        BUCKETS.forEach(bucket -> s3.createBucket(b -> b.bucket(bucket)));
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    StorageClient storage() {
        return storage(Duration.ofMinutes(5));
    }

    private static StorageClient storage(Duration urlLifetime) {
        return storage(urlLifetime, Map.of());
    }

    /** A client on the test server with the services' defaults but for these; {@code more} adds or overrides. */
    private static StorageClient storage(Duration urlLifetime, Map<String, String> more) {
        Map<String, String> values = new HashMap<>(Map.of("essence.storage.s3.endpoint", server.endpoint(),
                "essence.storage.s3.access-key-id", S3ProxyServer.ACCESS_KEY,
                "essence.storage.s3.secret-access-key", S3ProxyServer.SECRET_KEY,
                "essence.storage.s3.buckets.clips", BUCKETS.get(0),
                "essence.storage.s3.buckets.avatars", BUCKETS.get(1),
                "essence.storage.s3.buckets.messages", BUCKETS.get(2),
                // Two keys a listing page: a folder of a profile's clips takes several pages.
                "essence.storage.s3.list-page-size", "2",
                "essence.storage.s3.presigned-url-lifetime", urlLifetime.toSeconds() + "s"));
        values.putAll(more);
        S3Settings settings = S3SettingsTests.settings(values);
        return new S3StorageClient(s3, S3StorageClient.presigner(settings, credentials()), settings);
    }

    @Override
    long held() {
        long held = 0;
        for (String bucket : BUCKETS) {
            held += s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().count();
            held += s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
        }
        return held;
    }

    @Test
    void presignedUrlsServeRangesAndHeadThenExpire() throws Exception {
        String key = StorageKeys.message(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        storage().put(key, new ByteArrayInputStream("0123456789".getBytes()), 100, "audio/mpeg");
        HttpClient http = HttpClient.newHttpClient();

        URI listen = storage().downloadUrl(key, new StorageClient.Download(false, "audio/mpeg", Optional.empty()))
                .orElseThrow();
        HttpResponse<byte[]> ranged = http.send(HttpRequest.newBuilder(listen).header("Range", "bytes=2-4").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, ranged.statusCode());
        assertArrayEquals("234".getBytes(), ranged.body());
        assertEquals("bytes 2-4/10", ranged.headers().firstValue("Content-Range").orElseThrow());

        URI keep = storage().downloadUrl(key, new StorageClient.Download(false, "audio/mpeg",
                Optional.of("attachment; filename=\"m.mp3\""))).orElseThrow();
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(keep).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals("attachment; filename=\"m.mp3\"",
                download.headers().firstValue("Content-Disposition").orElseThrow());

        URI head = storage().downloadUrl(key, new StorageClient.Download(true, "audio/mpeg", Optional.empty()))
                .orElseThrow();
        HttpResponse<Void> headed = http.send(HttpRequest.newBuilder(head).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, headed.statusCode());
        assertEquals("10", headed.headers().firstValue("Content-Length").orElseThrow());
        HttpResponse<Void> getWithHeadUrl = http.send(HttpRequest.newBuilder(head).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(403, getWithHeadUrl.statusCode(), "a URL is signed for one method");

        // X-Amz-Date is whole seconds: a URL for 2 s lives 1 to 2 s.
        URI shortLived = storage(Duration.ofSeconds(2)).downloadUrl(key,
                new StorageClient.Download(false, "audio/mpeg", Optional.empty())).orElseThrow();
        assertEquals(200, http.send(HttpRequest.newBuilder(shortLived).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        Thread.sleep(3100);
        assertEquals(403, http.send(HttpRequest.newBuilder(shortLived).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "an expired URL serves nothing");
    }

    /**
     * The services reach the server at one address (here 127.0.0.1), clients at another (here localhost): playback
     * URLs are signed for the public one and work there.
     */
    @Test
    void presignedUrlsCarryThePublicEndpointWhenOneIsSet() throws Exception {
        String key = StorageKeys.message(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        storage().put(key, new ByteArrayInputStream("0123456789".getBytes()), 100, "audio/mpeg");
        StorageClient.Download listen = new StorageClient.Download(false, "audio/mpeg", Optional.empty());
        String publicEndpoint = server.endpoint().replace("127.0.0.1", "localhost");

        URI internal = storage().downloadUrl(key, listen).orElseThrow();
        URI published = storage(Duration.ofMinutes(5), Map.of("essence.storage.s3.public-endpoint", publicEndpoint))
                .downloadUrl(key, listen).orElseThrow();

        assertEquals("127.0.0.1", internal.getHost(), "no public endpoint: the endpoint's");
        assertEquals("localhost", published.getHost());
        assertEquals(URI.create(publicEndpoint).getPort(), published.getPort());
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(published).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode());
        assertArrayEquals("0123456789".getBytes(), answer.body());
    }

    @Test
    void multipartUploadsKilledRequestsLeftAreAbortedWithTheirFolder() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        // What a killed upload leaves on S3: a multipart upload never completed nor aborted.
        String staged = "incoming/" + user + "/" + profile + "/" + UUID.randomUUID() + ".webm";
        String committed = user + "/" + profile + "/" + UUID.randomUUID() + ".webm";
        for (String name : List.of(staged, committed)) {
            s3.createMultipartUpload(b -> b.bucket("test-clips").key(name));
        }
        assertEquals(List.of(staged, committed), unfinished(user));

        storage().deleteOlderThan(StorageKeys.INCOMING_CLIPS, Instant.now().minusSeconds(3600));
        assertEquals(List.of(staged, committed), unfinished(user), "an upload in flight keeps its parts");
        storage().deleteOlderThan(StorageKeys.INCOMING_CLIPS, Instant.now().plusSeconds(60));
        assertEquals(List.of(committed), unfinished(user), "the staged area's stale upload is aborted");
        storage().deleteAll(StorageKeys.clipFolders(user, profile).get(0));
        assertEquals(List.of(), unfinished(user), "a removed folder takes its unfinished uploads");
    }

    /** The user's unfinished multipart uploads in the clips bucket, staged ones first. */
    private static List<String> unfinished(UUID user) {
        return s3.listMultipartUploads(b -> b.bucket("test-clips")).uploads().stream()
                .map(upload -> upload.key()).filter(key -> key.contains(user.toString()))
                .sorted((a, b) -> Boolean.compare(!a.startsWith("incoming/"), !b.startsWith("incoming/")))
                .toList();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
    }
}
