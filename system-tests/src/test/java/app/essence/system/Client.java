package app.essence.system;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** A signed-in user of the running system, speaking only HTTP to it. */
record Client(String token) {

    static Client named(String name) {
        return new Client(LocalStack.token(name));
    }

    RequestSpecification http() {
        return given().auth().oauth2(token).filter((request, response, context) -> {
            Response answer = context.next(request, response);
            if (answer.statusCode() == 401) {
                LocalStack.explainRefusedToken(token, request.getURI(), answer.asString());
            }
            return answer;
        });
    }

    String userId() {
        return http().get(LocalStack.url("profiles", "/v1/me")).then().statusCode(200).extract().path("id");
    }

    /**
     * Gives the user a plan as billing-service would announce it (SubscriptionChanged on essence.billing), and waits
     * until profiles-service lets them have a second profile: the plan has arrived. The probe profiles are deleted.
     */
    void holdPlan(String plan) {
        java.util.UUID user = java.util.UUID.fromString(userId());
        EventReplay.publish(LocalStack.KAFKA, new app.essence.common.events.BillingEvents.SubscriptionChanged(user,
                plan, "active", null, false, app.essence.common.time.DbTime.now()));
        String first = createProfile("Plan probe");
        String second = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> http().contentType(ContentType.JSON).body(Map.of("name", "Plan probe", "relation",
                        "friend")).post(LocalStack.url("profiles", "/v1/profiles")), r -> r.statusCode() == 201)
                .path("id");
        for (String probe : java.util.List.of(first, second)) {
            http().delete(LocalStack.url("profiles", "/v1/profiles/" + probe)).then().statusCode(204);
        }
    }

    String createProfile(String name) {
        return http().contentType(ContentType.JSON).body(Map.of("name", name, "relation", "grandmother"))
                .post(LocalStack.url("profiles", "/v1/profiles")).then().statusCode(201).extract().path("id");
    }

    int upload(String profile, int promptIndex, byte[] audio) {
        return http().body(audio).put(clipUrl(profile, promptIndex)).statusCode();
    }

    /** What profiles-service shows: its cached count, fed by clip events. */
    int clipCount(String profile) {
        return http().get(LocalStack.url("profiles", "/v1/profiles/" + profile)).then().statusCode(200)
                .extract().path("training_clip_count");
    }

    /** What clips-service holds. */
    int recordedCount(String profile) {
        return http().get(clipsUrl(profile)).then().statusCode(200).extract().path("recorded_count");
    }

    static String clipsUrl(String profile) {
        return LocalStack.url("clips", "/v1/profiles/" + profile + "/clips");
    }

    static String clipUrl(String profile, int promptIndex) {
        return clipsUrl(profile) + "/" + promptIndex;
    }
}
