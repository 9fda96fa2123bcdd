package dev.gatehouse.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gatehouse.registry.Api.asAdmin;
import static dev.gatehouse.registry.Api.createWorkspace;
import static dev.gatehouse.registry.Api.servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(value = RegistryTestResources.class, restrictToAnnotatedClass = false)
class RoutingResourceTest {

    private static String routing(String ws) {
        return "/internal/v1/workspaces/" + ws + "/routing";
    }

    private static String etag(String ws) {
        return InternalCalls.asGateway().get(routing(ws)).then().statusCode(200).extract().header("ETag");
    }

    @Test
    void listsEnabledServersWithTheirDecryptedCredential() {
        String ws = createWorkspace("route");
        asAdmin(ws).body(Map.of("slug", "github-mcp", "name", "GitHub", "url", "http://127.0.0.1:4100/mcp", "prefix", "github_",
                        "credential", Map.of("header", "Authorization", "value", "Bearer upstream-secret")))
                .post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(Map.of("slug", "grafana", "url", "http://127.0.0.1:4200/sse", "transport", "sse", "timeoutMs", 5000))
                .post(servers(ws)).then().statusCode(201);
        asAdmin(ws).body(Map.of("slug", "off", "url", "http://127.0.0.1:4300/mcp", "enabled", false))
                .post(servers(ws)).then().statusCode(201);

        Response response = InternalCalls.asGateway().get(routing(ws));
        response.then().statusCode(200)
                .contentType("application/json")
                .body("workspace", equalTo(ws))
                .body("servers.slug", contains("github-mcp", "grafana"))
                .body("servers[0].name", equalTo("GitHub"))
                .body("servers[0].url", equalTo("http://127.0.0.1:4100/mcp"))
                .body("servers[0].transport", equalTo("streamable-http"))
                .body("servers[0].prefix", equalTo("github_"))
                .body("servers[0].timeoutMs", equalTo(30000))
                .body("servers[0].credential.header", equalTo("Authorization"))
                .body("servers[0].credential.value", equalTo("Bearer upstream-secret"))
                .body("servers[1].transport", equalTo("sse"))
                .body("servers[1].timeoutMs", equalTo(5000))
                .body("servers[1].credential", nullValue());
        String version = response.jsonPath().getString("version");
        assertThat(response.header("ETag")).isEqualTo("\"" + version + "\"");
    }

    @Test
    void revalidationAnswers304UntilSomethingChanges() {
        String ws = createWorkspace("etag");
        String empty = etag(ws);
        InternalCalls.asGateway().get(routing(ws)).then().body("servers", hasSize(0));
        InternalCalls.asGateway().header("If-None-Match", empty).get(routing(ws)).then().statusCode(304).body(emptyString()).header("ETag", empty);

        asAdmin(ws).body(Map.of("slug", "srv", "url", "http://127.0.0.1:1/mcp")).post(servers(ws)).then().statusCode(201);
        String added = etag(ws);
        assertThat(added).isNotEqualTo(empty);
        InternalCalls.asGateway().header("If-None-Match", empty).get(routing(ws)).then().statusCode(200).body("servers.slug", contains("srv"));
        InternalCalls.asGateway().header("If-None-Match", added).get(routing(ws)).then().statusCode(304);

        asAdmin(ws).body(Map.of("enabled", false)).patch(servers(ws) + "/srv").then().statusCode(200);
        String disabled = etag(ws);
        assertThat(disabled).isNotIn(empty, added);
        InternalCalls.asGateway().get(routing(ws)).then().body("servers", hasSize(0));

        asAdmin(ws).body(Map.of("enabled", true, "timeoutMs", 9000)).patch(servers(ws) + "/srv").then().statusCode(200);
        String updated = etag(ws);
        assertThat(updated).isNotIn(empty, added, disabled);
        InternalCalls.asGateway().get(routing(ws)).then().body("servers[0].timeoutMs", equalTo(9000));

        asAdmin(ws).delete(servers(ws) + "/srv").then().statusCode(204);
        String removed = etag(ws);
        assertThat(removed).isNotIn(empty, added, disabled, updated);
        InternalCalls.asGateway().header("If-None-Match", updated).get(routing(ws)).then().statusCode(200).body("servers", hasSize(0));
    }

    @Test
    void unknownWorkspaceIs404Problem() {
        InternalCalls.asGateway().get(routing("never-created")).then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("Workspace 'never-created' does not exist."));
        InternalCalls.asGateway().header("If-None-Match", "\"1\"").get(routing("never-created")).then().statusCode(404);
    }
}
