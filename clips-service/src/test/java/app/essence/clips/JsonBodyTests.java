package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.JvmAllocations;
import app.essence.testing.RawHttp;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The training request, this service's JSON body, is read strictly (no coerced scalars, no duplicate keys, no
 * number for a text), each refusal naming its field, and is never read past 64 KB. A refused request starts nothing.
 */
@QuarkusTest
class JsonBodyTests {
    private static final String CONSENT = "\"consent_statement\": \"I have the speaker's consent.\"";
    private static final long THIRTY_TWO_MB = 32L * 1024 * 1024;

    @Test
    void consentMustBeTheBooleanTrueNotSomethingLikeIt() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        refused(user, profile, "{\"consent\": \"true\", " + CONSENT + "}", "consent");
        refused(user, profile, "{\"consent\": 1, " + CONSENT + "}", "consent");
        refused(user, profile, "{\"consent\": true, \"consent_statement\": false}", "consent_statement");
        assertNothingStarted(user, profile);
    }

    @Test
    void duplicateKeysAreRefusedByName() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        refused(user, profile, "{\"consent\": false, \"consent\": true, " + CONSENT + "}", "consent");
        assertNothingStarted(user, profile);
    }

    @Test
    void aNumberOfAnyLengthWhereTextIsExpectedIsRefusedByName() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        refused(user, profile, "{\"consent\": true, \"consent_statement\": " + "9".repeat(1200) + "}",
                "consent_statement");
        assertNothingStarted(user, profile);
    }

    @Test
    void a32MbTrainingRequestIsRefusedBeforeItIsReadAndTheServiceKeepsServing() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String training = "/v1/profiles/" + profile + "/training";
        JvmAllocations.During<RawHttp.Answer> declared = JvmAllocations.during(
                () -> RawHttp.sendDeclared("POST", training, TestTokens.user(user), THIRTY_TWO_MB));
        assertTooLarge(declared.result());
        assertTrue(declared.allocatedBytes() < THIRTY_TWO_MB / 4, declared.allocatedBytes() + " bytes allocated");
        assertTooLarge(RawHttp.sendChunked("POST", training, TestTokens.user(user), THIRTY_TWO_MB));
        assertNothingStarted(user, profile);
    }

    private static void refused(UUID user, UUID profile, String body, String field) {
        as(user).contentType(ContentType.JSON).body(body).post("/v1/profiles/" + profile + "/training").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo(field));
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertEquals(413, answer.status(), answer.body());
        assertEquals("https://essence.app/problems/payload-too-large", answer.problemType());
    }

    private static void assertNothingStarted(UUID user, UUID profile) {
        as(user).get("/v1/profiles/" + profile + "/training").then().statusCode(200)
                .body("state", equalTo("not_submitted"));
    }
}
