package dev.gatehouse.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** Health, OpenAPI and metrics endpoints every service offers. */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class ServiceEndpointsTest {

    @Test
    void readinessNamesItsChecks() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections health check")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void wellnessReportsTheOutboxBacklog() {
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'Activity event outbox' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Activity event outbox' }.data.pendingEvents", notNullValue());
    }

    @Test
    void openApiDescribesTheApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/workspaces/{slug}/servers/{serverSlug}"))
                .body(containsString("/internal/v1/workspaces/{slug}/routing"));
    }

    @Test
    void metricsAreExposed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }
}
