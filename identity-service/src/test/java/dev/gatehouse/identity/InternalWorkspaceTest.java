package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
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
    void creatingTheAdminTokenAgainReplacesThePreviousOne() {
        String slug = Identity.newSlug();
        var first = given().post("/internal/v1/workspaces/{s}/admin-token", slug)
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("token", matchesPattern("mng_[0-9a-f]{48}"))
                .body("kind", equalTo("workspace-admin"))
                .extract().jsonPath();
        String second = given().post("/internal/v1/workspaces/{s}/admin-token", slug)
                .then().statusCode(201).extract().path("token");
        assertEquals(false, introspect(first.getString("token")).getBoolean("active"));
        assertEquals(true, introspect(second).getBoolean("active"));
    }

    @Test
    void revokingAllTokensEndsTheWorkspace() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        String jwt = exchange(ws.token());
        as(jwt).body(Map.of("enforcement", true)).put("/api/v1/workspaces/{s}/security", ws.workspace()).then().statusCode(200);

        given().delete("/internal/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(204);

        assertEquals(false, introspect(alice.token()).getBoolean("active"));
        assertEquals(false, introspect(ws.token()).getBoolean("active"));
        as(Identity.operatorJwt()).get("/api/v1/workspaces/{s}/tokens", ws.workspace()).then().statusCode(404);
        given().header("Authorization", "Bearer " + ws.token()).post("/api/v1/token").then().statusCode(401);

        // a workspace created again under the same slug starts clean
        String fresh = given().post("/internal/v1/workspaces/{s}/admin-token", ws.workspace())
                .then().statusCode(201).extract().path("token");
        assertEquals(false, introspect(fresh).getBoolean("enforcement"));
        // revoking a workspace without tokens is harmless
        given().delete("/internal/v1/workspaces/{s}/tokens", Identity.newSlug()).then().statusCode(204);
    }

    @Test
    void invalidSlugsAreRefused() {
        for (String slug : List.of("A", "UPPER-case", "x".repeat(64), "-leading", "a_b", "ünï", "a'--")) {
            given().post("/internal/v1/workspaces/{s}/admin-token", slug)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("slug"));
            given().delete("/internal/v1/workspaces/{s}/tokens", slug)
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }
}
