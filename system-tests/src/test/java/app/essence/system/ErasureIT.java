package app.essence.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.PostgresResource;
import app.essence.testing.UserTraces;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Account erasure on the packaged stack (docs/erasure.md): a user with everything the product keeps (a display
 * name, a profile with an avatar, 25 clips, a trained voice, a spoken message, a subscription) asks for it with
 * DELETE /v1/me; once GET /v1/me/erasure says every service is done, no table of any service's database, no file of
 * the storage and no voice of the voice engine holds any id the user ever had (the user's, every profile's, also
 * one deleted before, every clip's, every message's, the training's, the voice's, the Stripe customer's) or the
 * personal text they gave (their name, the profiles' names, the message's title and text), except the record that
 * the erasure happened (ids and times).
 */
@ExtendWith(LocalStack.class)
class ErasureIT {
    private static final List<String> SERVICES = List.of("profiles", "clips", "messages", "billing");

    @Test
    void anErasedUserLeavesNothingButTheRecordThatTheErasureHappened() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String name = "erin-" + unique;
        String displayName = "Erin Example " + unique;
        Client erin = Client.named(name);
        String user = erin.userId();
        erin.http().contentType(ContentType.JSON).body(Map.of("name", displayName))
                .patch(LocalStack.url("profiles", "/v1/me")).then().statusCode(200);
        LocalStack.essence("stripe-event", "customer.subscription.created", name, "essential");
        erin.http().get(LocalStack.url("billing", "/v1/subscription")).then().statusCode(200)
                .body("plan", equalTo("essential"));
        String profile = Voices.trainedProfile(erin);
        erin.http().contentType("application/octet-stream").body(png())
                .put(LocalStack.url("profiles", "/v1/profiles/" + profile + "/avatar")).then().statusCode(200);
        String voiceId = erin.http().get(Voices.trainingUrl(profile)).then().statusCode(200).extract()
                .path("voice_id");
        String title = "For courage " + unique;
        String text = "You were always braver than you knew, " + unique + ".";
        String message = erin.http().contentType(ContentType.JSON).body(Map.of("title", title,
                "category", "encouragement", "prompt_text", text))
                .post(LocalStack.url("messages", "/v1/profiles/" + profile + "/messages")).then().statusCode(201)
                .extract().path("id");
        String draft = erin.http().contentType(ContentType.JSON).body(Map.of("title", "A draft " + unique,
                "category", "encouragement", "prompt_text", "Kept as a draft, " + unique + "."))
                .post(LocalStack.url("messages", "/v1/profiles/" + profile + "/messages")).then().statusCode(201)
                .extract().path("id");
        MessagesIT.firstSynthesis(erin, message);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> "ready".equals(
                erin.http().get(MessagesIT.messageUrl(message)).jsonPath().getString("status")));
        // A second profile, deleted before the erasure: its id must not stay either (the plan allows it once known).
        String deletedName = "Erin's second " + unique;
        String deleted = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> erin.http().contentType(ContentType.JSON).body(Map.of("name", deletedName, "relation",
                        "friend")).post(LocalStack.url("profiles", "/v1/profiles")), r -> r.statusCode() == 201)
                .path("id");
        erin.http().delete(LocalStack.url("profiles", "/v1/profiles/" + deleted)).then().statusCode(204);

        List<String> ids = new ArrayList<>(List.of(user, profile, deleted, message, draft, voiceId));
        ids.add(erin.http().get(Voices.trainingUrl(profile)).then().statusCode(200).extract().path("training_id"));
        List<String> clips = erin.http().get(Client.clipsUrl(profile)).then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class).stream().filter(java.util.Objects::nonNull).toList();
        assertEquals(25, clips.size(), "every clip's id");
        ids.addAll(clips);
        ids.add(stripeCustomerOf(user));
        String profileName = erin.http().get(LocalStack.url("profiles", "/v1/profiles/" + profile)).then()
                .statusCode(200).extract().path("name");
        List<String> personal = List.of(name, displayName, profileName, deletedName, title, text);
        List<String> searched = new ArrayList<>(ids);
        searched.addAll(personal);
        assertFalse(storageTraces(ids).isEmpty(), "the storage holds the user's files before the erasure");
        assertTrue(databaseTraces(searched).size() > ids.size(), "the databases hold the user before the erasure");
        assertTrue(voiceAtTheEngine(voiceId), "the voice engine holds the voice before the erasure");
        Client bystander = Client.named("bystander-" + UUID.randomUUID());
        String kept = bystander.createProfile("Someone else's");

        long asked = System.nanoTime();
        erin.http().delete(LocalStack.url("profiles", "/v1/me")).then().statusCode(202)
                .body("complete", equalTo(false));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> erin.http()
                .get(LocalStack.url("profiles", "/v1/me/erasure")).jsonPath().getBoolean("complete"));
        System.out.printf("[system-tests] erasure confirmed by every service in %d ms%n",
                (System.nanoTime() - asked) / 1_000_000);
        JsonPath record = erin.http().delete(LocalStack.url("profiles", "/v1/me")).then().statusCode(202)
                .body("complete", equalTo(true)).extract().jsonPath();
        assertEquals(List.of(true, true, true, true), record.getList("services.done"));

        List<Found> traces = databaseTraces(searched);
        for (String service : SERVICES) {
            assertTrue(traces.stream().anyMatch(found -> found.service().equals(service)
                    && found.trace().table().equals("erased_users")),
                    service + " keeps the record that the erasure happened");
        }
        List<String> left = new ArrayList<>(traces.stream().filter(found -> !found.trace().recordsErasure())
                .map(Found::toString).toList());
        left.addAll(storageTraces(searched));
        assertEquals(List.of(), left, "what still refers to the erased user");
        assertFalse(voiceAtTheEngine(voiceId), "the voice is deleted at the provider");
        assertEquals(List.of(), engineTraces(searched));

        erin.http().get(LocalStack.url("profiles", "/v1/me")).then().statusCode(410);
        bystander.http().get(LocalStack.url("profiles", "/v1/profiles/" + kept)).then().statusCode(200);
    }

    /** A row of a service's database that holds one of the ids or texts searched. */
    private record Found(String service, UserTraces.Trace trace) {
    }

    /** Every row of every table of the four databases that holds one of these ids or texts. */
    private static List<Found> databaseTraces(List<String> searched) throws java.sql.SQLException {
        List<Found> traces = new ArrayList<>();
        for (String service : SERVICES) {
            try (Connection db = PostgresResource.connect(LocalStack.database(service))) {
                assertTrue(UserTraces.tables(db).size() > 3, "the tables of " + service + " are searched");
                UserTraces.of(db, searched).forEach(trace -> traces.add(new Found(service, trace)));
            }
        }
        return traces;
    }

    /** The user's Stripe customer, as billing-service keeps it (the local stack's Stripe events made it). */
    private static String stripeCustomerOf(String user) throws java.sql.SQLException {
        try (Connection db = PostgresResource.connect(LocalStack.database("billing"));
                var query = db.prepareStatement("select stripe_customer_id from subscriptions where user_id = ?")) {
            query.setObject(1, UUID.fromString(user));
            try (var rows = query.executeQuery()) {
                assertTrue(rows.next(), "the user's subscription row");
                String customer = rows.getString(1);
                assertTrue(customer != null && !customer.isBlank(), "the user's Stripe customer");
                return customer;
            }
        }
    }

    /** Files and folders of the storage whose key names one of the ids. */
    private static List<String> storageTraces(List<String> ids) throws IOException {
        try (Stream<Path> walk = Files.walk(LocalStack.STORAGE)) {
            return walk.map(path -> LocalStack.STORAGE.relativize(path).toString())
                    .filter(key -> ids.stream().anyMatch(key::contains)).toList();
        }
    }

    /** Files of the voice engine (its voices and their samples) that name or contain one of the ids. */
    private static List<String> engineTraces(List<String> ids) throws IOException {
        Path engine = LocalStack.HOME.resolve("voice-engine");
        try (Stream<Path> walk = Files.walk(engine)) {
            return walk.filter(Files::isRegularFile).filter(file -> {
                String text = file.toString() + new String(read(file), StandardCharsets.ISO_8859_1);
                return ids.stream().anyMatch(text::contains);
            }).map(Path::toString).toList();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean voiceAtTheEngine(String voiceId) {
        int status = given().header("xi-api-key", LocalStack.VOICE_ENGINE_KEY)
                .get(LocalStack.voiceEngineUrl("/v1/voices/" + voiceId)).statusCode();
        assertTrue(status == 200 || status == 404, "the engine answered " + status);
        return status == 200;
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xFF8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }
}
