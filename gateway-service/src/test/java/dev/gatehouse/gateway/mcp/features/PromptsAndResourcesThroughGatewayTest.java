package dev.gatehouse.gateway.mcp.features;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.SdkClients;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prompts, resources, templates and completions of two real SDK upstreams (demo {@code full},
 * instances one and two) through the gateway, with the official MCP Java SDK client; and an
 * allowlisted member who sees and gets only what the rules name.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PromptsAndResourcesThroughGatewayTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String WS = ControlPlaneDouble.newWorkspace("prompts");
    private static String admin;
    private static String member;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void workspace() {
        CP.putServer(WS, new Server("one", Upstreams.full("one").url(), "one_"));
        CP.putServer(WS, new Server("two", Upstreams.full("two").url(), "two_"));
        admin = CP.issueToken(WS, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        member = CP.issueToken(WS, TokenKind.MEMBER, "ada", true,
                List.of("one:prompt:greet", "one:resource:demo://one/readme", "one:resource:demo://one/notes/*", "one:echo"));
    }

    @Test
    void promptsOfBothServersArePrefixedAndGetGoesToTheRightOne() {
        try (McpSyncClient client = client(admin)) {
            client.initialize();
            assertTrue(client.getServerCapabilities().prompts() != null);
            List<String> names = client.listPrompts().prompts().stream().map(Prompt::name).toList();
            assertTrue(names.containsAll(List.of("one_greet", "two_greet", "one_status_one", "two_status_two")), names.toString());
            Prompt greet = client.listPrompts().prompts().stream().filter(p -> p.name().equals("two_greet")).findFirst().orElseThrow();
            assertEquals(List.of("name", "style"), greet.arguments().stream().map(a -> a.name()).toList(), "definition untouched");

            var got = client.getPrompt(new GetPromptRequest("two_greet", Map.of("name", "Ada", "style", "formal")));
            assertEquals("Greet Ada in a formal style (from two).", ((TextContent) got.messages().getFirst().content()).text());
            assertThrows(McpError.class, () -> client.getPrompt(new GetPromptRequest("nowhere_greet", Map.of())));
        }
    }

    @Test
    void resourcesKeepTheirUrisAndASharedUriBelongsToTheFirstServer() {
        try (McpSyncClient client = client(admin)) {
            client.initialize();
            List<String> uris = client.listResources().resources().stream().map(Resource::uri).toList();
            assertTrue(uris.containsAll(List.of("demo://one/readme", "demo://two/readme", "demo://one/counter")), uris.toString());
            assertEquals(1, uris.stream().filter("demo://shared/about"::equals).count(), "a shared URI is listed once: " + uris);
            assertEquals("about, as told by one", text(client.readResource(new ReadResourceRequest("demo://shared/about"))));
            assertTrue(text(client.readResource(new ReadResourceRequest("demo://two/readme"))).startsWith("# Demo server two"));

            List<String> templates = client.listResourceTemplates().resourceTemplates().stream()
                    .map(ResourceTemplate::uriTemplate).toList();
            assertTrue(templates.containsAll(List.of("demo://one/notes/{id}", "demo://two/notes/{id}")), templates.toString());
            assertEquals("note 5 of two", text(client.readResource(new ReadResourceRequest("demo://two/notes/5"))));
            assertThrows(McpError.class, () -> client.readResource(new ReadResourceRequest("demo://nowhere/x")));
        }
    }

    @Test
    void completionsGoToThePromptsOrTheTemplatesServer() {
        try (McpSyncClient client = client(admin)) {
            client.initialize();
            assertEquals(List.of("pirate"), client.completeCompletion(new CompleteRequest(new PromptReference("one_greet"),
                    new CompleteRequest.CompleteArgument("style", "p"))).completion().values());
            assertEquals(List.of("2", "20"), client.completeCompletion(new CompleteRequest(
                    new ResourceReference("demo://two/notes/{id}"), new CompleteRequest.CompleteArgument("id", "2")))
                    .completion().values());
        }
    }

    @Test
    void anAllowlistedMemberSeesAndGetsOnlyWhatTheRulesName() {
        try (McpSyncClient client = client(member)) {
            client.initialize();
            assertEquals(List.of("one_greet"), client.listPrompts().prompts().stream().map(Prompt::name).toList());
            assertEquals(List.of("demo://one/readme"), client.listResources().resources().stream().map(Resource::uri).toList());
            assertEquals(List.of("demo://one/notes/{id}"),
                    client.listResourceTemplates().resourceTemplates().stream().map(ResourceTemplate::uriTemplate).toList());

            client.getPrompt(new GetPromptRequest("one_greet", Map.of("name", "Ada")));
            McpError prompt = assertThrows(McpError.class,
                    () -> client.getPrompt(new GetPromptRequest("two_greet", Map.of("name", "Ada"))));
            assertEquals(-32003, prompt.getJsonRpcError().code());
            assertEquals("Prompt not allowed for this user", prompt.getJsonRpcError().message());

            assertTrue(text(client.readResource(new ReadResourceRequest("demo://one/readme"))).startsWith("# Demo server one"));
            assertEquals("note 3 of one", text(client.readResource(new ReadResourceRequest("demo://one/notes/3"))));
            McpError resource = assertThrows(McpError.class,
                    () -> client.readResource(new ReadResourceRequest("demo://one/counter")));
            assertEquals(-32003, resource.getJsonRpcError().code());
            assertEquals("Resource not allowed for this user", resource.getJsonRpcError().message());
            McpError completion = assertThrows(McpError.class, () -> client.completeCompletion(new CompleteRequest(
                    new PromptReference("two_greet"), new CompleteRequest.CompleteArgument("style", "p"))));
            assertEquals(-32003, completion.getJsonRpcError().code());
        }
    }

    @Test
    void theOldestRevisionListsAndReadsToo() {
        String session = McpHttp.session(WS, admin, "2025-03-26");
        McpHttp.request(admin).header("Mcp-Session-Id", session)
                .body("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/list\"}")
                .post(McpHttp.path(WS)).then().statusCode(200).body(containsString("\"one_greet\""));
        McpHttp.request(admin).header("Mcp-Session-Id", session)
                .body("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\",\"params\":{\"uri\":\"demo://two/counter\"}}")
                .post(McpHttp.path(WS)).then().statusCode(200).body(containsString("count="));
        McpHttp.request(admin).header("Mcp-Session-Id", session)
                .body("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/list\",\"params\":{\"cursor\":\"x\"}}")
                .post(McpHttp.path(WS)).then().statusCode(200).body(containsString("-32602"));
    }

    private McpSyncClient client(String token) {
        return SdkClients.client(gateway, WS, token);
    }

    private static String text(io.modelcontextprotocol.spec.McpSchema.ReadResourceResult result) {
        return ((TextResourceContents) result.contents().getFirst()).text();
    }
}
