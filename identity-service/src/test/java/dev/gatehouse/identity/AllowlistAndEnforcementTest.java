package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.identity.Identity.as;
import static dev.gatehouse.identity.Identity.exchange;
import static dev.gatehouse.identity.Identity.introspect;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class AllowlistAndEnforcementTest {

    @Test
    void theAllowlistIsReplacedAsAWholeAndIntrospectionCarriesIt() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        String jwt = exchange(ws.token());
        String path = "/api/v1/workspaces/" + ws.workspace() + "/tokens/" + alice.id() + "/allowlist";

        as(jwt).get(path).then().statusCode(200).body("tokenId", equalTo(alice.id())).body("rules", empty());

        as(jwt).body(Map.of("rules", List.of("github-mcp:list_issues", "grafana:*", "github-mcp:list_issues")))
                .put(path).then().statusCode(200)
                .body("rules", contains("github-mcp:list_issues", "grafana:*"));
        as(jwt).body(Map.of("rules", List.of("jira:search"))).put(path)
                .then().statusCode(200).body("rules", contains("jira:search"));
        as(jwt).get(path).then().statusCode(200).body("rules", contains("jira:search"));
        assertEquals(List.of("jira:search"), introspect(alice.token()).getList("allowlist"));

        as(jwt).body(Map.of("rules", List.of())).put(path).then().statusCode(200).body("rules", empty());
        assertEquals(List.of(), introspect(alice.token()).getList("allowlist"));
    }

    @Test
    void invalidRulesAreRefusedOneByOneAndNothingChanges() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        String jwt = exchange(ws.token());
        String path = "/api/v1/workspaces/" + ws.workspace() + "/tokens/" + alice.id() + "/allowlist";
        as(jwt).body(Map.of("rules", List.of("github-mcp:list_issues"))).put(path).then().statusCode(200);

        List<String> hostile = List.of("", "no-colon", ":tool", "server:", "a:b:c", "Server:tool",
                "github-mcp:list issues", "github-mcp:'; drop table identity.tokens; --", "grafana:ünïcode",
                "github-mcp:" + "x".repeat(129), "github-mcp:*x");
        List<String> body = new ArrayList<>(hostile);
        body.add(0, "fine:tool");
        var problem = as(jwt).body(Map.of("rules", body)).put(path)
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
        List<String> fields = problem.getList("errors.field");
        for (int i = 1; i <= hostile.size(); i++) {
            org.hamcrest.MatcherAssert.assertThat(fields, hasItem("rules[" + i + "]"));
        }
        org.hamcrest.MatcherAssert.assertThat(fields, org.hamcrest.Matchers.not(hasItem("rules[0]")));

        as(jwt).body("{\"rules\": [\"a:b\", null]}").put(path)
                .then().statusCode(400).body("errors.field", hasItem("rules[1]"));
        as(jwt).body("{\"rules\": \"github-mcp:x\"}").put(path)
                .then().statusCode(400).contentType("application/problem+json");
        as(jwt).body("{}").put(path)
                .then().statusCode(400).body("errors.field", hasItem("rules"));
        as(jwt).body(Map.of("rules", Collections.nCopies(501, "github-mcp:x"))).put(path)
                .then().statusCode(400).body("errors.field", hasItem("rules"));

        as(jwt).get(path).then().statusCode(200).body("rules", contains("github-mcp:list_issues"));
    }

    @Test
    void onlyActiveMemberTokensHaveAllowlists() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        as(jwt).body(Map.of("rules", List.of("a1:b"))).put("/api/v1/workspaces/{slug}/tokens/{id}/allowlist", ws.workspace(), ws.id())
                .then().statusCode(409).contentType("application/problem+json");

        Identity.Issued bob = Identity.createMember(ws, "bob");
        as(jwt).delete("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), bob.id()).then().statusCode(204);
        as(jwt).body(Map.of("rules", List.of("a1:b"))).put("/api/v1/workspaces/{slug}/tokens/{id}/allowlist", ws.workspace(), bob.id())
                .then().statusCode(409);
        as(jwt).body(Map.of("rules", List.of("a1:b"))).put("/api/v1/workspaces/{slug}/tokens/{id}/allowlist", ws.workspace(), "nope")
                .then().statusCode(404);
    }

    @Test
    void enforcementIsOffByDefaultAndToggles() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");
        String jwt = exchange(ws.token());
        String path = "/api/v1/workspaces/" + ws.workspace() + "/security";

        as(jwt).get(path).then().statusCode(200).body("enforcement", equalTo(false));
        assertEquals(false, introspect(alice.token()).getBoolean("enforcement"));

        as(jwt).body(Map.of("enforcement", true)).put(path).then().statusCode(200).body("enforcement", equalTo(true));
        as(jwt).get(path).then().statusCode(200).body("enforcement", equalTo(true));
        assertEquals(true, introspect(alice.token()).getBoolean("enforcement"));
        assertEquals(true, introspect(ws.token()).getBoolean("enforcement"));

        as(jwt).body(Map.of("enforcement", false)).put(path).then().statusCode(200).body("enforcement", equalTo(false));
        assertEquals(false, introspect(alice.token()).getBoolean("enforcement"));
    }

    @Test
    void invalidEnforcementBodiesAreRefused() {
        Identity.Issued ws = Identity.newWorkspace();
        String jwt = exchange(ws.token());
        String path = "/api/v1/workspaces/" + ws.workspace() + "/security";
        as(jwt).body("{}").put(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("enforcement"));
        as(jwt).body("{\"enforcement\": \"maybe\"}").put(path).then().statusCode(400).contentType("application/problem+json");
        as(jwt).body("not json").put(path).then().statusCode(400).contentType("application/problem+json");
        as(jwt).get(path).then().statusCode(200).body("enforcement", equalTo(false));
    }
}
