package app.essence.clips;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceBootsTests {

    @Test
    void reportsReadyWithDatabaseAndBroker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void migratesTheSharedOutboxAndInbox() throws Exception {
        try (Connection db = PostgresResource.connect("essence_clips_test");
                ResultSet tables = db.createStatement().executeQuery(
                        "select count(*) from information_schema.tables where table_name in "
                                + "('outbox_events', 'inbox_events', 'flyway_schema_history')")) {
            tables.next();
            assertEquals(3, tables.getInt(1));
        }
    }

    @Test
    void servesMetricsAndOpenApi() {
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void unknownPathAnswersProblem() {
        given().when().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
