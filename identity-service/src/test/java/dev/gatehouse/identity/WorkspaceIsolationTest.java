package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static dev.gatehouse.identity.Identity.introspect;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A token of workspace A is useless in workspace B, and B's existence never shows. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class WorkspaceIsolationTest {

    @Test
    void introspectionNamesOnlyTheTokensOwnWorkspace() {
        Identity.Issued a = Identity.newWorkspace();
        Identity.Issued b = Identity.newWorkspace();
        Identity.Issued aliceInA = Identity.createMember(a, "alice");
        assertEquals(a.workspace(), introspect(aliceInA.token()).getString("workspace"));
        assertEquals(a.workspace(), introspect(a.token()).getString("workspace"));
        assertEquals(b.workspace(), introspect(b.token()).getString("workspace"));
    }

    @Test
    void everyManagementEndpointOfAnotherWorkspaceAnswersLikeAMissingOne() {
        Identity.Issued a = Identity.newWorkspace();
        Identity.Issued b = Identity.newWorkspace();
        Identity.Issued bobInB = Identity.createMember(b, "bob");
        String missing = Identity.newSlug();

        for (String jwt : List.of(exchange(a.token()), TestJwts.workspaceAdmin(a.workspace()),
                exchange(Identity.createMember(a, "alice").token()))) {
            List<String> inB = answers(jwt, b.workspace(), bobInB.id());
            assertEquals(answers(jwt, missing, bobInB.id()), inB);
            for (String answer : inB) {
                assertTrue(answer.startsWith("404 ") && answer.contains("workspace not found"), answer);
            }
        }
        // nothing happened in B
        assertEquals(true, introspect(bobInB.token()).getBoolean("active"));
        assertEquals(true, introspect(b.token()).getBoolean("active"));
        as(exchange(b.token())).get("/api/v1/workspaces/{s}/security", b.workspace())
                .then().statusCode(200).body("enforcement", equalTo(false));
        as(exchange(b.token())).get("/api/v1/workspaces/{s}/tokens/{id}/allowlist", b.workspace(), bobInB.id())
                .then().statusCode(200).body("rules", empty());
    }

    /** Status and body of every management endpoint for {@code slug}, as {@code jwt}'s holder sees them. */
    private static List<String> answers(String jwt, String slug, String tokenId) {
        return List.of(
                as(jwt).get("/api/v1/workspaces/{s}/tokens", slug),
                as(jwt).body(Map.of("kind", "auditor")).post("/api/v1/workspaces/{s}/tokens", slug),
                as(jwt).get("/api/v1/workspaces/{s}/tokens/{id}", slug, tokenId),
                as(jwt).delete("/api/v1/workspaces/{s}/tokens/{id}", slug, tokenId),
                as(jwt).get("/api/v1/workspaces/{s}/tokens/{id}/allowlist", slug, tokenId),
                as(jwt).body(Map.of("rules", List.of("x1:y"))).put("/api/v1/workspaces/{s}/tokens/{id}/allowlist", slug, tokenId),
                as(jwt).get("/api/v1/workspaces/{s}/security", slug),
                as(jwt).body(Map.of("enforcement", true)).put("/api/v1/workspaces/{s}/security", slug),
                as(jwt).post("/api/v1/workspaces/{s}/tokens/admin/rotate", slug)
        ).stream().map(r -> r.statusCode() + " " + r.contentType() + " " + r.asString()).toList();
    }
}
