package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static dev.gatehouse.identity.Identity.introspect;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class TokensResourceTest {

    @Test
    void adminCreatesAMemberTokenShownOnceAndListedWithoutItsValue() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());

        var created = as(jwt)
                .body(Map.of("kind", "member", "memberId", "alice", "displayName", "Alice",
                        "email", "alice@example.com", "expiresAt", "2099-01-01T00:00:00Z"))
                .post("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(201)
                .body("token", matchesPattern("mng_[0-9a-f]{48}"))
                .body("kind", equalTo("member"))
                .body("memberId", equalTo("alice"))
                .body("displayName", equalTo("Alice"))
                .body("email", equalTo("alice@example.com"))
                .body("expiresAt", equalTo("2099-01-01T00:00:00Z"))
                .body("workspace", equalTo(ws.workspace()))
                .body("active", equalTo(true))
                .extract().jsonPath();
        String id = created.getString("id");
        String raw = created.getString("token");
        assertEquals(raw.substring(0, 8) + "…", created.getString("prefix"));

        String list = as(jwt).get("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(200)
                .body("id", hasItem(id))
                .body("kind", containsInAnyOrder("member", "workspace-admin"))
                .extract().asString();
        assertFalse(list.contains(raw), "the list must never contain a raw token");
        assertFalse(list.contains(ws.token()));

        String one = as(jwt).get("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("prefix", equalTo(raw.substring(0, 8) + "…"))
                .body("$", not(hasKey("token")))
                .extract().asString();
        assertFalse(one.contains(raw));
    }

    @Test
    void createResponseCarriesTheLocationOfTheNewToken() {
        Identity.Issued ws = Identity.newWorkspace();
        var response = as(exchange(ws.token()))
                .body(Map.of("kind", "auditor", "displayName", "Compliance"))
                .post("/api/v1/workspaces/{slug}/tokens", ws.workspace());
        response.then().statusCode(201).body("kind", equalTo("auditor")).body("memberId", nullValue());
        String id = response.jsonPath().getString("id");
        assertTrue(response.header("Location").endsWith("/api/v1/workspaces/" + ws.workspace() + "/tokens/" + id));
    }

    @Test
    void revokingOneTokenLeavesEveryOtherTokenActive() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        Identity.Issued bob = Identity.createMember(ws, "bob");
        String jwt = exchange(ws.token());

        as(jwt).delete("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), alice.id())
                .then().statusCode(204);

        assertFalse(introspect(alice.token()).getBoolean("active"));
        assertTrue(introspect(bob.token()).getBoolean("active"));
        assertTrue(introspect(ws.token()).getBoolean("active"));
        as(jwt).get("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), alice.id())
                .then().statusCode(200).body("active", equalTo(false)).body("revokedAt", notNullValue());
        // revoking again changes nothing
        as(jwt).delete("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), alice.id())
                .then().statusCode(204);
        // the member may be given a new token now
        Identity.createMember(ws, "alice");
    }

    @Test
    void aMemberHasOneActiveTokenAtATime() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.createMember(ws, "carol");
        as(exchange(ws.token()))
                .body(Map.of("kind", "member", "memberId", "carol", "displayName", "Carol again"))
                .post("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
    }

    @Test
    void theAdminTokenIsRotatedNotRevoked() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        as(jwt).delete("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), ws.id())
                .then().statusCode(409).contentType("application/problem+json");

        var rotated = as(jwt).post("/api/v1/workspaces/{slug}/tokens/admin/rotate", ws.workspace())
                .then().statusCode(201)
                .body("kind", equalTo("workspace-admin"))
                .body("token", matchesPattern("mng_[0-9a-f]{48}"))
                .extract().jsonPath();

        assertFalse(introspect(ws.token()).getBoolean("active"), "the old admin token stops working");
        assertTrue(introspect(rotated.getString("token")).getBoolean("active"));
        // a JWT issued for the old admin token no longer manages the workspace
        as(jwt).get("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(401).contentType("application/problem+json");
        as(exchange(rotated.getString("token"))).get("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(200);
    }

    @Test
    void theOperatorManagesAnyExistingWorkspace() {
        Identity.Issued ws = Identity.newWorkspace();
        String operator = Identity.operatorJwt();
        as(operator).body(Map.of("kind", "member", "memberId", "dave", "displayName", "Dave"))
                .post("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(201);
        as(operator).get("/api/v1/workspaces/{slug}/tokens", ws.workspace()).then().statusCode(200);
        as(operator).get("/api/v1/workspaces/{slug}/tokens", Identity.newSlug())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void membersAndAuditorsMayNotManageTokens() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued member = Identity.createMember(ws, "erin");
        as(exchange(member.token())).get("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void invalidCreateRequestsAreRefusedFieldByField() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        String path = "/api/v1/workspaces/" + ws.workspace() + "/tokens";

        as(jwt).body(Map.of("kind", "workspace-admin")).post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("kind"));
        as(jwt).body(Map.of("kind", "member")).post(path)
                .then().statusCode(400).body("errors.field", containsInAnyOrder("memberId", "displayName"));
        as(jwt).body(Map.of("kind", "member", "memberId", "' OR 1=1 --", "displayName", "x")).post(path)
                .then().statusCode(400).body("errors.field", hasItem("memberId"));
        as(jwt).body(Map.of("kind", "member", "memberId", "m".repeat(500), "displayName", "x")).post(path)
                .then().statusCode(400).body("errors.field", hasItem("memberId"));
        as(jwt).body(Map.of("kind", "member", "memberId", "zoë", "displayName", "x")).post(path)
                .then().statusCode(400).body("errors.field", hasItem("memberId"));
        as(jwt).body(Map.of("kind", "member", "memberId", "frank", "displayName", "x", "email", "not-an-email")).post(path)
                .then().statusCode(400).body("errors.field", hasItem("email"));
        as(jwt).body(Map.of("kind", "member", "memberId", "frank", "displayName", "x",
                        "expiresAt", Instant.now().minusSeconds(60).toString())).post(path)
                .then().statusCode(400).body("errors.field", hasItem("expiresAt"));
        as(jwt).body(Map.of("kind", "member", "memberId", "frank", "displayName", "x", "expiresAt", "tomorrow")).post(path)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("expiresAt"));
        as(jwt).body("{\"kind\": \"member\", ").post(path)
                .then().statusCode(400).contentType("application/problem+json");
        as(jwt).body("").post(path)
                .then().statusCode(400).contentType("application/problem+json");
        as(jwt).body("[1,2,3]").post(path)
                .then().statusCode(400).contentType("application/problem+json");
        as(jwt).contentType(ContentType.TEXT).body("kind=member").post(path)
                .then().statusCode(415).contentType("application/problem+json");
        // Expect: 100-continue, as curl sends for large bodies: the 413 comes before the body is
        // sent. Without it, the server closing on an unread body can reset the connection first.
        as(jwt).header("Expect", "100-continue")
                .body(Map.of("kind", "member", "memberId", "frank", "displayName", "x".repeat(300_000))).post(path)
                .then().statusCode(413);
    }

    @Test
    void unknownOrMalformedTokenIdsAre404() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        for (String id : new String[]{"not-a-uuid", "00000000-0000-0000-0000-000000000000", "'%20OR%201=1"}) {
            as(jwt).get("/api/v1/workspaces/" + ws.workspace() + "/tokens/" + id)
                    .then().statusCode(404).contentType("application/problem+json");
            as(jwt).delete("/api/v1/workspaces/" + ws.workspace() + "/tokens/" + id)
                    .then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void managementNeedsAValidJwt() {
        Identity.Issued ws = Identity.newWorkspace();
        given().get("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not.a.jwt").get("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(401).contentType("application/problem+json");
        // a raw mng_ token is not a JWT
        given().auth().oauth2(ws.token()).get("/api/v1/workspaces/{slug}/tokens", ws.workspace())
                .then().statusCode(401).contentType("application/problem+json");
    }
}
