package app.essence.profiles;

import static io.restassured.RestAssured.given;

import app.essence.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A signed-in client of the profiles API. */
final class Api {
    private Api() {
    }

    static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.user(user)).contentType(ContentType.JSON);
    }

    static String createProfile(UUID user, String name) {
        return as(user).body(Map.of("name", name, "relation", "mother")).post("/v1/profiles")
                .then().statusCode(201).extract().path("id");
    }
}
