package app.essence.system;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A plan bought through Stripe, end to end on the packaged stack: a signed Stripe webhook ({@code ./essence
 * stripe-event}) → billing-service → SubscriptionChanged → profiles-service lets the user have more profiles and
 * messages-service speaks more messages this month; the subscription's deletion brings the user back to free, and
 * nothing they made is lost.
 */
@ExtendWith(LocalStack.class)
class SubscriptionIT {
    /** A user of this run only: the stack's databases outlive a run. */
    private static final String NAME = "dora-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static final String PROFILES_LIMIT = "https://essence.app/problems/plan-limit/profiles";

    @Test
    void aSignedStripeEventLiftsTheProfileLimitAndItsDeletionFallsBackToFree() {
        Client dora = Client.named(NAME);
        dora.createProfile("The one a free plan allows");
        newProfile(dora).then().statusCode(402).body("type", equalTo(PROFILES_LIMIT));
        // No Stripe key on the local stack: buying says so, everything else works.
        dora.http().contentType(ContentType.JSON).body(Map.of("plan", "essential"))
                .post(LocalStack.url("billing", "/v1/billing/checkout")).then().statusCode(503)
                .body("type", equalTo("https://essence.app/problems/billing-not-configured"));

        LocalStack.essence("stripe-event", "customer.subscription.created", NAME, "essential");
        dora.http().get(LocalStack.url("billing", "/v1/subscription")).then().statusCode(200)
                .body("plan", equalTo("essential")).body("status", equalTo("active"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> newProfile(dora).statusCode() == 201);

        LocalStack.essence("stripe-event", "customer.subscription.deleted", NAME, "essential");
        dora.http().get(LocalStack.url("billing", "/v1/subscription")).then().statusCode(200)
                .body("status", equalTo("canceled"));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> newProfile(dora).statusCode() == 402);
        assertEquals(2, dora.http().get(LocalStack.url("profiles", "/v1/profiles")).then().statusCode(200)
                .extract().jsonPath().getList("items").size(), "what was made on the plan stays readable");
    }

    @Test
    void aSignedStripeEventLiftsTheMonthlyMessageAllowance() {
        String name = "eve-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Client eve = Client.named(name);
        String profile = Voices.trainedProfile(eve);
        java.util.List<String> messages = java.util.stream.IntStream.range(0, 4).mapToObj(i -> eve.http()
                .contentType(ContentType.JSON).body(Map.of("title", "Letter " + i, "category", "gratitude",
                        "prompt_text", "Thank you for every Sunday we spent together."))
                .post(LocalStack.url("messages", "/v1/profiles/" + profile + "/messages")).then().statusCode(201)
                .extract().<String> path("id")).toList();
        MessagesIT.firstSynthesis(eve, messages.get(0));
        for (String message : messages.subList(1, 3)) {
            synthesize(eve, message).then().statusCode(202);
        }
        synthesize(eve, messages.get(3)).then().statusCode(402)
                .body("type", equalTo("https://essence.app/problems/plan-limit/messages-per-month"))
                .body("required_plan", equalTo("essential"));

        LocalStack.essence("stripe-event", "customer.subscription.created", name, "essential");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> synthesize(eve, messages.get(3)).statusCode() == 202);
    }

    private static io.restassured.response.Response synthesize(Client client, String message) {
        return client.http().post(LocalStack.url("messages", "/v1/messages/" + message + "/synthesize"));
    }

    private static io.restassured.response.Response newProfile(Client client) {
        return client.http().contentType(ContentType.JSON).body(Map.of("name", "Another", "relation", "friend"))
                .post(LocalStack.url("profiles", "/v1/profiles"));
    }
}
