package app.essence.profiles;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.ApiRoutes;
import app.essence.testing.TestTokens;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Supabase access tokens: both signing modes accepted at once; everything else is 401. */
@QuarkusTest
class CallerIdentityTests {
    private static final String ME = "/v1/me";

    @Test
    void legacySecretTokenIsAccepted() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(TestTokens.user(user)).get(ME).then().statusCode(200)
                .body("id", equalTo(user.toString()));
    }

    @Test
    void signingKeyTokenFromJwksIsAcceptedAtTheSameTime() {
        UUID user = UUID.randomUUID();
        given().auth().oauth2(TestTokens.userEs256(user)).get(ME).then().statusCode(200)
                .body("id", equalTo(user.toString()));
    }

    @Test
    void missingTokenIs401Problem() {
        given().get(ME).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://essence.app/problems/unauthenticated"));
    }

    @Test
    void garbageTokenIs401() {
        rejected("not.a.token");
        rejected("garbage");
    }

    @Test
    void wrongSecretIs401() {
        rejected(TestTokens.hs256WithSecret(TestTokens.claims(UUID.randomUUID(), "authenticated"),
                "another-projects-secret-that-is-long-enough"));
    }

    @Test
    void keyNotInJwksIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        rejected(TestTokens.claims(UUID.randomUUID(), "authenticated").jws().keyId(TestTokens.SIGNING_KEY_ID)
                .algorithm(SignatureAlgorithm.ES256).sign(generator.generateKeyPair().getPrivate()));
    }

    @Test
    void unsignedAlgNoneTokenIs401() {
        rejected(TestTokens.unsigned(UUID.randomUUID()));
    }

    @Test
    void expiredTokenIs401() {
        long past = Instant.now().minusSeconds(7200).getEpochSecond();
        rejected(TestTokens.hs256(TestTokens.claims(b -> b.subject(UUID.randomUUID().toString())
                .issuedAt(past).expiresAt(past + 600))));
    }

    @Test
    void wrongIssuerIs401() {
        rejected(TestTokens.hs256(TestTokens.claims(b -> b.subject(UUID.randomUUID().toString())
                .issuer("https://other-project.supabase.co/auth/v1"))));
    }

    @Test
    void wrongAudienceIs401() {
        rejected(TestTokens.hs256(TestTokens.claims(b -> b.subject(UUID.randomUUID().toString())
                .audience("anon"))));
    }

    @Test
    void missingSubjectIs401() {
        rejected(TestTokens.hs256(TestTokens.claims(b -> b)));
    }

    @Test
    void nonUuidSubjectIs401() {
        rejected(TestTokens.hs256(TestTokens.claims(b -> b.subject("user-42"))));
    }

    @Test
    void everyDocumentedRouteRequiresAToken() {
        Set<String> routes = ApiRoutes.documented();
        assertTrue(routes.containsAll(Set.of("GET /v1/me", "PATCH /v1/me", "GET /v1/profiles", "POST /v1/profiles",
                "GET /v1/profiles/{id}", "PATCH /v1/profiles/{id}", "DELETE /v1/profiles/{id}",
                "PUT /v1/profiles/{id}/avatar", "GET /v1/profiles/{id}/avatar", "DELETE /v1/profiles/{id}/avatar",
                "GET /v1/operator/profiles/{id}", "DELETE /v1/me", "GET /v1/me/erasure",
                "DELETE /v1/operator/users/{id}", "GET /v1/operator/users/{id}/erasure")), routes.toString());
        for (String route : routes) {
            given().contentType(ContentType.JSON).body("{}")
                    .request(ApiRoutes.method(route), ApiRoutes.path(route, Map.of("id", UUID.randomUUID().toString())))
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer");
        }
    }

    @Test
    void anAnonymousUserMayReadButNotCreateProfilesOrUploadPictures() throws Exception {
        UUID guest = UUID.randomUUID();
        String someonesProfile = Api.createProfile(UUID.randomUUID(), "Mum");
        given().auth().oauth2(TestTokens.anonymous(guest)).get(ME).then().statusCode(200)
                .body("id", equalTo(guest.toString()));
        given().auth().oauth2(TestTokens.anonymous(guest)).get("/v1/profiles").then().statusCode(200)
                .body("items", hasSize(0));

        signUpFirst(given().auth().oauth2(TestTokens.anonymous(guest)).contentType(ContentType.JSON)
                .body(Map.of("name", "Mum", "relation", "mother")).post("/v1/profiles"));
        signUpFirst(given().auth().oauth2(TestTokens.anonymous(guest)).contentType("image/png")
                .body(AvatarTests.image("png")).put("/v1/profiles/" + someonesProfile + "/avatar"));

        given().auth().oauth2(TestTokens.anonymous(guest)).get("/v1/profiles").then().body("items", hasSize(0));
        given().auth().oauth2(TestTokens.user(guest)).contentType(ContentType.JSON)
                .body(Map.of("name", "Mum", "relation", "mother")).post("/v1/profiles").then().statusCode(201);
    }

    private static void signUpFirst(io.restassured.response.Response response) {
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/anonymous-user"))
                .body("detail", containsString("sign up"));
    }

    @Test
    void operatorRouteNeedsServiceRole() {
        UUID owner = UUID.randomUUID();
        String id = Api.createProfile(owner, "Aunt May");
        given().auth().oauth2(TestTokens.user(owner)).get("/v1/operator/profiles/" + id).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).get("/v1/operator/profiles/" + id)
                .then().statusCode(200).body("name", equalTo("Aunt May"));
    }

    private static void rejected(String token) {
        given().auth().oauth2(token).get(ME).then().statusCode(401)
                .contentType("application/problem+json");
    }
}
