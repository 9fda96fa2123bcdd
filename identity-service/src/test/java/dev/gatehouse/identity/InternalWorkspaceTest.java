package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.asService;
import static dev.gatehouse.identity.Identity.exchange;
import static dev.gatehouse.identity.Identity.introspect;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The endpoints registry-service calls while creating and deleting workspaces. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class InternalWorkspaceTest {

    @Test
    void H1_theAdminTokenIsIssuedOnceWhileNoneIsActiveAndNeverReplaced() {
        String slug = Identity.newSlug();
        var first = asService("registry").post("/internal/v1/workspaces/{s}/admin-token", slug)
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("token", matchesPattern("mng_[0-9a-f]{48}"))
                .body("kind", equalTo("workspace-admin"))
                .extract().jsonPath();
        asService("registry").post("/internal/v1/workspaces/{s}/admin-token", slug)
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(true, introspect(first.getString("token")).getBoolean("active"));
        exchange(first.getString("token"));
        // rotation stays with the admin (or the operator), through the authenticated management API
        String rotated = as(exchange(first.getString("token")))
                .post("/api/v1/workspaces/{s}/tokens/admin/rotate", slug).then().statusCode(201).extract().path("token");
        assertEquals(false, introspect(first.getString("token")).getBoolean("active"));
        assertEquals(true, introspect(rotated).getBoolean("active"));
    }

    /**
     * The confirmed attack: a workspace admin registered a "server" at this endpoint and made the
     * registry's health check (and the gateway's initialize) POST to it, which rotated the
     * victim's admin token. Neither of those callers can do that any more.
     */
    @Test
    void H1_aHealthCheckOrGatewayCallAtTheAdminTokenUrlNoLongerChangesTheVictimsAdminToken() {
        Identity.Issued victim = Identity.newWorkspace();
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
        // the registry's health check carries no service token (it calls upstreams, not identity)
        given().port(Identity.internalPort()).contentType("application/json").body(initialize)
                .post("/internal/v1/workspaces/{s}/admin-token", victim.workspace())
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        // the URL an admin could register with identity's public address
        given().contentType("application/json").body(initialize)
                .post("/internal/v1/workspaces/{s}/admin-token", victim.workspace())
                .then().statusCode(404);
        // the gateway's own service token does not open this endpoint either
        asService("gateway").contentType("application/json").body(initialize)
                .post("/internal/v1/workspaces/{s}/admin-token", victim.workspace())
                .then().statusCode(403).contentType("application/problem+json");
        // even the registry cannot replace an active admin token
        asService("registry").post("/internal/v1/workspaces/{s}/admin-token", victim.workspace()).then().statusCode(409);

        given().header("Authorization", "Bearer " + victim.token()).post("/api/v1/token").then().statusCode(200);
        assertEquals(true, introspect(victim.token()).getBoolean("active"));
    }

    @Test
    void revokingAllTokensEndsTheWorkspace() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        String jwt = exchange(ws.token());
        as(jwt).body(Map.of("enforcement", true)).put("/api/v1/workspaces/{s}/security", ws.workspace()).then().statusCode(200);

        asService("registry").delete("/internal/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(204);

        assertEquals(false, introspect(alice.token()).getBoolean("active"));
        assertEquals(false, introspect(ws.token()).getBoolean("active"));
        as(Identity.operatorJwt()).get("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(404);
        given().header("Authorization", "Bearer " + ws.token()).post("/api/v1/token").then().statusCode(401);

        // a workspace created again under the same slug starts clean (registry never reuses a slug, M7,
        // but a creation it undid must be retryable)
        String fresh = asService("registry").post("/internal/v1/workspaces/{s}/admin-token", ws.workspace())
                .then().statusCode(201).extract().path("token");
        assertEquals(false, introspect(fresh).getBoolean("enforcement"));
        // revoking a workspace without tokens is harmless
        asService("registry").delete("/internal/v1/workspaces/{s}/tokens", Identity.newSlug()).then().statusCode(204);
    }

    @Test
    void invalidSlugsAreRefused() {
        for (String slug : List.of("A", "UPPER-case", "x".repeat(64), "-leading", "a_b", "ünï", "a'--")) {
            asService("registry").post("/internal/v1/workspaces/{s}/admin-token", slug)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("slug"));
            asService("registry").delete("/internal/v1/workspaces/{s}/tokens", slug)
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }
}
