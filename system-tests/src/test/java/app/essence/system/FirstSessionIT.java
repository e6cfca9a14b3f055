package app.essence.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's first session, against the packaged services the launcher started. */
@ExtendWith(LocalStack.class)
class FirstSessionIT {

    @Test
    void everyServiceIsReady() {
        for (String service : List.of("profiles", "clips", "messages", "billing")) {
            given().get(LocalStack.url(service, "/q/health/ready")).then().statusCode(200)
                    .body("status", equalTo("UP"));
        }
    }

    @Test
    void createListAndReadBackAProfileWithALauncherToken() {
        // A user of this run only: the stack's databases outlive a run, and a free user has one profile.
        String alice = LocalStack.token("alice-" + java.util.UUID.randomUUID());
        String id = given().auth().oauth2(alice).contentType(ContentType.JSON)
                .body(Map.of("name", "Grandma Rose", "relation", "grandmother"))
                .post(LocalStack.url("profiles", "/v1/profiles"))
                .then().statusCode(201).extract().path("id");
        given().auth().oauth2(alice).get(LocalStack.url("profiles", "/v1/profiles")).then().statusCode(200)
                .body("items.id", hasItem(id));
        given().auth().oauth2(alice).get(LocalStack.url("profiles", "/v1/profiles/" + id)).then().statusCode(200)
                .body("name", equalTo("Grandma Rose"));
        given().auth().oauth2(LocalStack.token("bob")).get(LocalStack.url("profiles", "/v1/profiles/" + id))
                .then().statusCode(404);
    }

    @Test
    void theSameNameIsTheSameUser() {
        String first = given().auth().oauth2(LocalStack.token("carol")).get(LocalStack.url("profiles", "/v1/me"))
                .then().statusCode(200).extract().path("id");
        given().auth().oauth2(LocalStack.token("carol")).get(LocalStack.url("profiles", "/v1/me"))
                .then().body("id", equalTo(first));
    }
}
