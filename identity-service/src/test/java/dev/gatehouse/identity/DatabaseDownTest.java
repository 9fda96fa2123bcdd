package dev.gatehouse.identity;

import dev.gatehouse.identity.service.UsageTracker;
import dev.gatehouse.infra.Postgres;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PostgreSQL down: 503 problem+json with Retry-After and no internals. Introspection too, never
 * {@code {"active":false}}: the gateway fails closed on a 503, but must not take an outage for a revoked token.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class DatabaseDownTest {

    @Inject
    UsageTracker usage;

    @Test
    void requestsAnswer503WhilePostgresqlIsDownAndWorkAgainWhenItIsBack() {
        assumeTrue(TestInfra.get().postgres().isPresent(), "needs the embedded PostgreSQL to stop it");
        Postgres postgres = TestInfra.get().postgres().orElseThrow();
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());

        Instant usedWhileDown = Instant.parse("2030-01-01T00:00:00Z");

        postgres.stop();
        try {
            assertUnavailable(as(jwt).get("/api/v1/workspaces/{slug}/tokens", ws.workspace()));
            assertUnavailable(introspect(ws.token()));
            usage.record(UUID.fromString(ws.id()), usedWhileDown);
            usage.flush(); // fails: the use must stay pending, not be dropped
        } finally {
            postgres.start(); // other test classes share this PostgreSQL
        }

        // The pool replaces the connections PostgreSQL's restart broke.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                as(jwt).get("/api/v1/workspaces/{slug}/tokens", ws.workspace()).then().statusCode(200)
                        .body("id[0]", equalTo(ws.id())));
        introspect(ws.token()).then().statusCode(200).body("active", equalTo(true));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                as(jwt).get("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), ws.id()).then().statusCode(200)
                        .body("lastUsedAt", equalTo(usedWhileDown.toString())));
    }

    private static Response introspect(String token) {
        return Identity.asService("gateway").contentType(ContentType.JSON).body(Map.of("token", token)).post("/internal/v1/introspect");
    }

    private static void assertUnavailable(Response response) {
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", equalTo("the database is unavailable; try again shortly"));
        String body = response.asString();
        for (String internal : new String[] {"SQL", "org.postgresql", "Exception", "\tat ", "select "}) {
            assertFalse(body.contains(internal), () -> "the body leaks '" + internal + "': " + body);
        }
    }
}
