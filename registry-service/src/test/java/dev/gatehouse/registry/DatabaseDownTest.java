package dev.gatehouse.registry;

import dev.gatehouse.infra.Postgres;
import dev.gatehouse.infra.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.gatehouse.registry.Api.asOperator;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.uniqueSlug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** PostgreSQL down: 503 problem+json with Retry-After, no internals; back to normal once it returns. */
@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class DatabaseDownTest {

    @Test
    void requestsAnswer503WhilePostgresqlIsDownAndWorkAgainWhenItIsBack() {
        assumeTrue(TestInfra.get().postgres().isPresent(), "needs the embedded PostgreSQL to stop it");
        Postgres postgres = TestInfra.get().postgres().orElseThrow();
        String existing = createWorkspace("pgdown");
        String refused = uniqueSlug("pgdown-new");

        postgres.stop();
        try {
            assertUnavailable(asOperator().get("/api/v1/workspaces/" + existing));
            assertUnavailable(asOperator().body(Map.of("slug", refused)).post("/api/v1/workspaces"));
            // the transaction failed before identity-service was asked for an admin token
            assertThat(IdentityStandInClient.calls()).doesNotContain("POST " + refused);
        } finally {
            postgres.start(); // other test classes share this PostgreSQL
        }

        // The pool replaces the connections PostgreSQL's restart broke.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                asOperator().get("/api/v1/workspaces/" + existing).then().statusCode(200).body("slug", equalTo(existing)));
        asOperator().body(Map.of("slug", refused)).post("/api/v1/workspaces").then().statusCode(201);
    }

    private static void assertUnavailable(Response response) {
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", equalTo("The database is unavailable; try again shortly."));
        assertThat(response.asString()).doesNotContain("SQL", "org.postgresql", "Exception", "\tat ", "select ");
    }
}
