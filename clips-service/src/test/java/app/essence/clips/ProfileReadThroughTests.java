package app.essence.clips;

import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.filesOf;
import static app.essence.clips.Clips.storedClip;
import static app.essence.testing.AudioFixtures.toneWav;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.problem.ProblemType;
import app.essence.testing.ProfilesServiceStub;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A profile clips-service has not heard of yet (its ProfileCreated still on the way) is asked of profiles-service
 * with the caller's own token: the owner's answer is remembered and the request goes on; an answer for another
 * user, a 404 or no answer at all never makes the profile the caller's.
 */
@QuarkusTest
class ProfileReadThroughTests {

    @Test
    void aProfileNotYetAnnouncedIsConfirmedByProfilesServiceAndRemembered() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String token = TestTokens.user(user);
        ProfilesServiceStub.answers(profile, token, user);

        given().auth().oauth2(token).body(toneWav(300)).put(clipsOf(profile) + "/0").then().statusCode(201);
        assertTrue(storedClip(user, profile, 0).isPresent());
        assertEquals(1, ProfilesServiceStub.requestsFor(profile));

        // Remembered: another token of the same user is not asked about again.
        given().auth().oauth2(TestTokens.user(user)).get(clipsOf(profile)).then().statusCode(200)
                .body("recorded_count", equalTo(1));
        assertEquals(1, ProfilesServiceStub.requestsFor(profile));
    }

    @Test
    void aProfileProfilesServiceSaysIsAnotherUsersIsNotFoundAndNotRemembered() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String token = TestTokens.user(user);
        ProfilesServiceStub.answers(profile, token, UUID.randomUUID());

        given().auth().oauth2(token).body(toneWav(300)).put(clipsOf(profile) + "/0").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(token).get(clipsOf(profile)).then().statusCode(404);
        assertEquals(2, ProfilesServiceStub.requestsFor(profile), "asked again: nothing was remembered");
        assertEquals(List.of(), filesOf(user, profile));
    }

    @Test
    void aProfileProfilesServiceDoesNotShowTheCallerIsNotFound() {
        // profiles-service answers 404 for an unknown profile and for another user's alike.
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        given().auth().oauth2(TestTokens.user(user)).body(toneWav(300)).put(clipsOf(profile) + "/0").then()
                .statusCode(404).contentType("application/problem+json");
        assertEquals(1, ProfilesServiceStub.requestsFor(profile));
        assertEquals(List.of(), filesOf(user, profile));
    }

    @Test
    void aProfileThatCannotBeCheckedIsUnavailableNotMissing() {
        UUID profile = UUID.randomUUID();
        ProfilesServiceStub.unreachableFor(profile);
        given().auth().oauth2(TestTokens.user(UUID.randomUUID())).body(toneWav(100)).put(clipsOf(profile) + "/0")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo(ProblemType.UNAVAILABLE.uri()));
    }
}
