package app.essence.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product on S3 storage (docs/storage.md): profiles-, clips- and messages-service started again by
 * {@code ESSENCE_STORAGE_TYPE=s3 ./essence up}, which starts s3proxy too; recordings, training, a spoken message
 * played through presigned URLs, and the profile's deletion taking its objects. The other scenarios keep the
 * filesystem: the services go back to it afterwards.
 */
@ExtendWith(LocalStack.class)
class S3StorageIT {
    private static final List<String> STORING = List.of("profiles", "clips", "messages");
    private static final Path S3 = LocalStack.HOME.resolve("s3");

    @BeforeAll
    static void onS3() {
        restartStoringServices(Map.of("ESSENCE_STORAGE_TYPE", "s3"));
    }

    @AfterAll
    static void backToTheFilesystem() {
        restartStoringServices(Map.of());
    }

    private static void restartStoringServices(Map<String, String> env) {
        for (String service : STORING) {
            LocalStack.essence("stop", service);
        }
        System.out.println(LocalStack.essence(env, "up"));
    }

    @Test
    void recordingsTrainingPlaybackAndDeletionRunOnS3() throws Exception {
        Client user = Client.named("s3-" + UUID.randomUUID());
        String profile = Voices.trainedProfile(user);
        String userId = user.userId();
        assertEquals(25, objectsOf("training-clips", userId, profile), "the 25 recordings are objects in S3");

        // A recording plays from S3 itself: a 302 to a presigned URL, where the player sends its Range.
        Response clip = user.http().redirects().follow(false).get(Client.clipUrl(profile, 0) + "/audio");
        byte[] recorded = Arrays.copyOfRange(Voices.RECORDING, 10, 20);
        assertArrayEquals(recorded, fetch(presigned(clip), "bytes=10-19", 206));
        // HEAD is redirected to a URL signed for HEAD, which S3 answers with the recording's length.
        Response clipHead = user.http().redirects().follow(false).head(Client.clipUrl(profile, 0) + "/audio");
        assertEquals(String.valueOf(Voices.RECORDING.length), HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                presigned(clipHead)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Length").orElseThrow());

        String message = user.http().contentType(ContentType.JSON).body(MessagesIT.BIRTHDAY)
                .post(MessagesIT.messagesUrl(profile)).then().statusCode(201).extract().path("id");
        MessagesIT.firstSynthesis(user, message);
        JsonPath ready = MessagesIT.awaitEnded(user, message, Duration.ofSeconds(60));
        assertEquals("ready", ready.getString("status"), ready.prettify());
        assertEquals(1, objectsOf("messages", userId, profile), "the spoken message is an object in S3");

        Response play = user.http().redirects().follow(false).get(MessagesIT.messageUrl(message) + "/audio");
        byte[] mp3 = fetch(presigned(play), "bytes=0-", 206);
        assertEquals(ready.getLong("size_bytes"), mp3.length);
        assertTrue(Mp3Frames.of(mp3).durationMs() > 1500, "the spoken sentence plays from S3");
        user.http().get(MessagesIT.messageUrl(message)).then().body("play_count", equalTo(1));
        Response head = user.http().redirects().follow(false).head(MessagesIT.messageUrl(message) + "/audio");
        assertEquals(String.valueOf(mp3.length), HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                presigned(head)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Content-Length").orElseThrow());

        user.http().delete(LocalStack.url("profiles", "/v1/profiles/" + profile)).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> objectsOf("training-clips", userId, profile) + objectsOf("messages", userId, profile)
                        + objectsOf("avatars", userId, profile) == 0);
    }

    /** The redirect's target: a short-lived URL of s3proxy's, never the service's own address. */
    private static URI presigned(Response redirect) {
        assertEquals(302, redirect.statusCode(), redirect.asString());
        assertEquals("no-store", redirect.header("Cache-Control"));
        URI location = URI.create(redirect.header("Location"));
        assertEquals(LocalStack.PORT_BASE + 10, location.getPort(), location.toString());
        assertTrue(location.getQuery().contains("X-Amz-Signature="), location.toString());
        return location;
    }

    /** Fetches a presigned URL as a player does: no token of ours, a Range of its own. */
    private static byte[] fetch(URI url, String range, int status) throws Exception {
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                .header("Range", range).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(status, answer.statusCode(), new String(answer.body()));
        return answer.body();
    }

    /** Objects s3proxy keeps for the profile in a bucket, committed and staged (a file each under its folder). */
    private static long objectsOf(String bucket, String user, String profile) {
        Path root = S3.resolve(bucket);
        if (!Files.isDirectory(root)) {
            return 0;
        }
        String folder = user + "/" + profile + "/";
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> root.relativize(file).toString().replace("incoming/", "").startsWith(folder))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
