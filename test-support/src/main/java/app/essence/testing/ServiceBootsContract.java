package app.essence.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * What every service proves about itself: it is ready on a real database and broker, has migrated the shared
 * outbox and inbox, serves its operational endpoints, and answers problems. A service's test extends it with
 * {@code @QuarkusTest}.
 */
public abstract class ServiceBootsContract {

    /** The test database of the service, as its {@code TestInfrastructure} names it. */
    protected abstract String database();

    @Test
    void reportsReadyWithDatabaseAndBroker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void migratesTheSharedOutboxAndInbox() throws Exception {
        try (Connection db = PostgresResource.connect(database());
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
