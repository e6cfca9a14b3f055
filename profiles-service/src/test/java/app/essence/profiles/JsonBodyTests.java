package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.JvmAllocations;
import app.essence.testing.RawHttp;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * JSON bodies are read strictly (no coerced scalars, no duplicate keys, numbers in range), each refusal naming the
 * field, and no JSON body over 64 KB is read at all: one request cannot fill the service's heap.
 */
@QuarkusTest
class JsonBodyTests {
    private static final long THIRTY_TWO_MB = 32L * 1024 * 1024;
    private static final String HUGE_NUMBER = "9".repeat(1200);

    @Test
    void scalarsOfTheWrongTypeAreRefusedByName() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        refused(as(user).body("{\"name\": 5, \"relation\": \"mother\"}").post("/v1/profiles"), "name");
        refused(as(user).body("{\"name\": \"Dad\", \"relation\": true}").post("/v1/profiles"), "relation");
        refused(as(user).body("{\"name\": 5}").patch("/v1/profiles/" + id), "name");
        refused(as(user).body("{\"name\": false}").patch("/v1/me"), "name");
        assertNothingChanged(user, id);
    }

    @Test
    void duplicateKeysAreRefusedByName() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        refused(as(user).body("{\"name\": \"A\", \"relation\": \"aunt\", \"name\": \"B\"}").post("/v1/profiles"),
                "name").body("detail", containsString("more than once"));
        refused(as(user).body("{\"name\": \"A\", \"name\": \"B\"}").patch("/v1/profiles/" + id), "name");
        refused(as(user).body("{\"name\": \"A\", \"name\": \"B\"}").patch("/v1/me"), "name");
        assertNothingChanged(user, id);
    }

    @Test
    void aNumberOfAnyLengthWhereTextIsExpectedIsRefusedByName() {
        // No field of these routes is a number: a number out of the range of every numeric type is refused too.
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        refused(as(user).body("{\"name\": " + HUGE_NUMBER + ", \"relation\": \"aunt\"}").post("/v1/profiles"),
                "name");
        refused(as(user).body("{\"notes\": " + HUGE_NUMBER + "}").patch("/v1/profiles/" + id), "notes");
        refused(as(user).body("{\"name\": -" + HUGE_NUMBER + ".5e99999}").patch("/v1/me"), "name");
        assertNothingChanged(user, id);
    }

    @Test
    void a32MbJsonBodyIsRefusedBeforeItIsReadAndTheServiceKeepsServing() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        for (String path : new String[] { "/v1/profiles/" + id, "/v1/me" }) {
            JvmAllocations.During<RawHttp.Answer> sent = JvmAllocations.during(
                    () -> RawHttp.sendDeclared("PATCH", path, TestTokens.user(user), THIRTY_TWO_MB));
            assertTooLarge(sent.result());
            // Service and test share this JVM: reading the body anywhere would allocate at least its 32 MB.
            assertTrue(sent.allocatedBytes() < THIRTY_TWO_MB / 4, path + ": " + sent.allocatedBytes()
                    + " bytes allocated meanwhile");
            assertTrue(sent.heapGrowthBytes() < THIRTY_TWO_MB / 4, path + ": the heap grew by "
                    + sent.heapGrowthBytes() + " bytes");
            System.out.printf("32 MB PATCH %s: 413, %d KB allocated in the JVM meanwhile, heap %+d KB%n", path,
                    sent.allocatedBytes() / 1024, sent.heapGrowthBytes() / 1024);
        }
        assertNothingChanged(user, id);
    }

    @Test
    void aJsonBodyWithoutADeclaredLengthIsCutOffAt64Kb() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        assertTooLarge(RawHttp.sendChunked("PATCH", "/v1/profiles/" + id, TestTokens.user(user), 100 * 1024));
        assertTooLarge(RawHttp.sendChunked("PATCH", "/v1/me", TestTokens.user(user), THIRTY_TWO_MB));
        assertNothingChanged(user, id);
    }

    @Test
    void aJsonBodyJustUnder64KbIsRead() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        String padded = "{\"notes\": \"kept\"" + " ".repeat(60 * 1024) + "}";
        as(user).body(padded).patch("/v1/profiles/" + id).then().statusCode(200).body("notes", equalTo("kept"));
    }

    private static io.restassured.response.ValidatableResponse refused(io.restassured.response.Response response,
            String field) {
        return response.then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo(field));
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertEquals(413, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.headers().get("content-type"));
        assertEquals("https://essence.app/problems/payload-too-large", answer.problemType());
        assertTrue(answer.body().contains("65536"), answer.body());
    }

    /** The profile and the account are as created, and the service still answers. */
    private static void assertNothingChanged(UUID user, String id) {
        as(user).get("/v1/profiles").then().statusCode(200).body("items", hasSize(1));
        as(user).get("/v1/profiles/" + id).then().statusCode(200).body("name", equalTo("Mum"))
                .body("notes", equalTo(null));
        as(user).get("/v1/me").then().statusCode(200).body("name", equalTo(null));
    }
}
