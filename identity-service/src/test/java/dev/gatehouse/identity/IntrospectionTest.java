package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static dev.gatehouse.identity.Identity.introspect;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class IntrospectionTest {

    private static final String INACTIVE = "{\"active\":false}";

    @Test
    void anActiveMemberTokenIsDescribedFully() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        as(exchange(ws.token())).body(Map.of("rules", List.of("github-mcp:list_issues")))
                .put("/api/v1/workspaces/{slug}/tokens/{id}/allowlist", ws.workspace(), alice.id())
                .then().statusCode(200);

        Identity.asService("gateway").contentType(ContentType.JSON).body(Map.of("token", alice.token())).post("/internal/v1/introspect")
                .then().statusCode(200)
                .body("active", equalTo(true))
                .body("workspace", equalTo(ws.workspace()))
                .body("tokenId", equalTo(alice.id()))
                .body("kind", equalTo("member"))
                .body("memberId", equalTo("alice"))
                .body("memberName", equalTo("Member alice"))
                .body("enforcement", equalTo(false))
                .body("allowlist", equalTo(List.of("github-mcp:list_issues")));
    }

    @Test
    void theAdminTokenIsAWorkspaceAdmin() {
        Identity.Issued ws = Identity.newWorkspace();
        var admin = introspect(ws.token());
        assertEquals(true, admin.getBoolean("active"));
        assertEquals("workspace-admin", admin.getString("kind"));
        assertEquals(ws.id(), admin.getString("tokenId"));
        assertEquals(ws.workspace(), admin.getString("workspace"));
    }

    @Test
    void unknownRevokedAndMalformedTokensGiveTheSameBareAnswer() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        as(exchange(ws.token())).delete("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), alice.id())
                .then().statusCode(204);

        String unknown = RawToken.generate().value();
        for (String token : List.of(alice.token(), unknown, "", "mng_", "mng_" + "A".repeat(48), "nope",
                "mng_" + "a".repeat(100_000), "mng_ünïcödé", "' OR '1'='1", alice.token().toUpperCase())) {
            String body = Identity.asService("gateway").contentType(ContentType.JSON).body(Map.of("token", token))
                    .post("/internal/v1/introspect").then().statusCode(200).extract().asString();
            assertEquals(INACTIVE, body.replace(" ", ""), "for a token of length " + token.length());
        }
        for (String body : List.of("{}", "{\"token\": null}", "{\"token\": 42}", "{\"other\": \"x\"}")) {
            Identity.asService("gateway").contentType(ContentType.JSON).body(body).post("/internal/v1/introspect")
                    .then().statusCode(200).body("active", equalTo(false));
        }
        Identity.asService("gateway").contentType(ContentType.JSON).body("{\"token\": ").post("/internal/v1/introspect")
                .then().statusCode(400).contentType("application/problem+json");
        Identity.asService("gateway").contentType(ContentType.JSON).body("[]").post("/internal/v1/introspect")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsInactive() {
        Identity.Issued ws = Identity.newWorkspace();
        String token = as(exchange(ws.token()))
                .body(Map.of("kind", "member", "memberId", "temp", "displayName", "Temp",
                        "expiresAt", Instant.now().plusSeconds(2).toString()))
                .post("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(201).extract().path("token");
        assertEquals(true, introspect(token).getBoolean("active"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !introspect(token).getBoolean("active"));
        assertEquals(INACTIVE, Identity.asService("gateway").contentType(ContentType.JSON).body(Map.of("token", token))
                .post("/internal/v1/introspect").then().extract().asString());
        given().header("Authorization", "Bearer " + token).post("/api/v1/token").then().statusCode(401);
    }

    @Test
    void lastUsedIsRecordedInBatches() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        String jwt = exchange(ws.token());
        as(jwt).get("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), alice.id())
                .then().body("lastUsedAt", equalTo(null));
        introspect(alice.token());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(jwt).get("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), alice.id())
                        .then().statusCode(200).body("lastUsedAt", notNullValue()));
    }
}
