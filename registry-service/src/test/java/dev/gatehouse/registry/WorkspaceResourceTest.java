package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gatehouse.registry.Api.as;
import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.asOperator;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.uniqueSlug;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class WorkspaceResourceTest {

    @Test
    void operatorCreatesWorkspaceAndGetsTheAdminTokenOnce() {
        String slug = uniqueSlug("acme");
        asOperator().body(Map.of("slug", slug, "name", "Acme Corp"))
                .post("/api/v1/workspaces")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/workspaces/" + slug))
                .body("slug", equalTo(slug))
                .body("name", equalTo("Acme Corp"))
                .body("createdAt", notNullValue())
                .body("adminTokenId", notNullValue())
                .body("adminToken", matchesPattern("mng_[0-9a-f]{48}"));
        assertThat(IdentityStandInClient.calls()).contains("POST " + slug);

        asOperator().get("/api/v1/workspaces/" + slug)
                .then().statusCode(200)
                .body("slug", equalTo(slug))
                .body("name", equalTo("Acme Corp"))
                .body("adminToken", equalTo(null));
    }

    @Test
    void nameDefaultsToTheSlug() {
        String slug = uniqueSlug("noname");
        asOperator().body(Map.of("slug", slug)).post("/api/v1/workspaces")
                .then().statusCode(201).body("name", equalTo(slug));
    }

    @Test
    void onlyTheOperatorCreatesWorkspaces() {
        String own = createWorkspace("own");
        asAdmin(own).body(Map.of("slug", uniqueSlug("other"))).post("/api/v1/workspaces")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void badSlugsAreRefusedWithFieldDetails() {
        for (String bad : new String[]{"A", "UPPER-case", "has space", "under_score", "a".repeat(64), "x", "ünï", "../etc"}) {
            asOperator().body(Map.of("slug", bad)).post("/api/v1/workspaces")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Bad Request"))
                    .body("errors.field", hasItem("slug"));
        }
        asOperator().body(Map.of("name", "no slug")).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors.field", hasItem("slug")).body("errors.message", hasItem("is required"));
    }

    @Test
    void badNamesAreRefused() {
        asOperator().body(Map.of("slug", uniqueSlug("n"), "name", "  ")).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors.field", hasItem("name"));
        asOperator().body(Map.of("slug", uniqueSlug("n"), "name", "x".repeat(201))).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors.field", hasItem("name"));
        asOperator().body(Map.of("slug", uniqueSlug("n"), "name", "line\nbreak")).post("/api/v1/workspaces")
                .then().statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void duplicateSlugIsAConflictAndIssuesNoSecondToken() {
        String slug = createWorkspace("dup");
        long tokenCalls = IdentityStandInClient.calls().stream().filter(c -> c.equals("POST " + slug)).count();
        asOperator().body(Map.of("slug", slug)).post("/api/v1/workspaces")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("Workspace '" + slug + "' already exists."));
        assertThat(IdentityStandInClient.calls().stream().filter(c -> c.equals("POST " + slug)).count()).isEqualTo(tokenCalls);
    }

    @Test
    void identityFailingMeans503AndNoWorkspace() {
        String slug = uniqueSlug("idfail");
        IdentityStandInClient.failNextAdminToken(slug);
        asOperator().body(Map.of("slug", slug)).post("/api/v1/workspaces")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", startsWith("identity-service is unavailable"));
        asOperator().get("/api/v1/workspaces/" + slug).then().statusCode(404);
        // the slug is free: nothing half-created is left behind
        asOperator().body(Map.of("slug", slug)).post("/api/v1/workspaces").then().statusCode(201);
    }

    @Test
    void unknownWorkspaceIs404() {
        asOperator().get("/api/v1/workspaces/does-not-exist")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("Workspace 'does-not-exist' does not exist."));
    }

    @Test
    void aForeignWorkspaceLooksExactlyLikeAMissingOne() {
        String mine = createWorkspace("mine");
        String theirs = createWorkspace("theirs");
        String foreign = asAdmin(mine).get("/api/v1/workspaces/" + theirs).then().statusCode(404).extract().asString();
        String missing = asOperator().get("/api/v1/workspaces/" + theirs + "-gone").then().statusCode(404).extract().asString();
        assertThat(foreign.replace(theirs, "X")).isEqualTo(missing.replace(theirs + "-gone", "X"));
        asAdmin(mine).body(Map.of("name", "hijack")).patch("/api/v1/workspaces/" + theirs).then().statusCode(404);
        asAdmin(mine).delete("/api/v1/workspaces/" + theirs).then().statusCode(404);
        asOperator().get("/api/v1/workspaces/" + theirs).then().statusCode(200).body("name", not(equalTo("hijack")));
    }

    @Test
    void membersAndAuditorsCannotManageTheirOwnWorkspace() {
        String slug = createWorkspace("roles");
        as(TestJwts.member(slug)).get("/api/v1/workspaces/" + slug).then().statusCode(403).contentType("application/problem+json");
        as(TestJwts.auditor(slug)).body(Map.of("name", "x")).patch("/api/v1/workspaces/" + slug).then().statusCode(403);
        as(TestJwts.member(slug)).delete("/api/v1/workspaces/" + slug).then().statusCode(403);
        as(TestJwts.member(slug)).get("/api/v1/workspaces").then().statusCode(403);
    }

    @Test
    void operatorListsAllWorkspacesAndAnAdminOnlyItsOwn() {
        String a = createWorkspace("list-a");
        String b = createWorkspace("list-b");
        asOperator().get("/api/v1/workspaces").then().statusCode(200).body("slug", org.hamcrest.Matchers.hasItems(a, b));
        asAdmin(a).get("/api/v1/workspaces").then().statusCode(200).body("slug", containsInAnyOrder(a));
    }

    @Test
    void adminRenamesItsWorkspaceWithPutOrPatch() {
        String slug = createWorkspace("rename");
        asAdmin(slug).body(Map.of("name", "  New Name  ")).patch("/api/v1/workspaces/" + slug)
                .then().statusCode(200).body("name", equalTo("New Name")).body("slug", equalTo(slug));
        asAdmin(slug).body(Map.of("name", "Other")).put("/api/v1/workspaces/" + slug)
                .then().statusCode(200).body("name", equalTo("Other"));
        asOperator().get("/api/v1/workspaces/" + slug).then().body("name", equalTo("Other"));
        asAdmin(slug).body(Map.of("slug", "new-slug")).patch("/api/v1/workspaces/" + slug)
                .then().statusCode(400).body("errors.field", hasItem("slug"));
    }

    @Test
    void deletingAWorkspaceRemovesItAndRevokesItsTokens() {
        String slug = createWorkspace("bye");
        asAdmin(slug).body(Map.of("slug", "srv", "url", "http://127.0.0.1:1/mcp")).post(Api.servers(slug)).then().statusCode(201);
        asAdmin(slug).delete("/api/v1/workspaces/" + slug).then().statusCode(204).body(emptyString());
        assertThat(IdentityStandInClient.calls()).contains("DELETE " + slug);
        asOperator().get("/api/v1/workspaces/" + slug).then().statusCode(404);
        asOperator().get(Api.servers(slug)).then().statusCode(404);
        InternalCalls.asGateway().get("/internal/v1/workspaces/" + slug + "/routing").then().statusCode(404);
        // the slug is never used again (M7): see ServiceAuthTest
        asOperator().body(Map.of("slug", slug)).post("/api/v1/workspaces").then().statusCode(409);
    }
}
