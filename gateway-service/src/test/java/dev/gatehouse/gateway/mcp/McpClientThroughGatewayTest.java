package dev.gatehouse.gateway.mcp;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.SdkClients;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official MCP Java SDK client, connected through the gateway to real SDK upstream servers. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class McpClientThroughGatewayTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void listsEveryPrefixedToolOfEveryServerAcrossPagesWithDefinitionsUntouched() {
        String ws = ControlPlaneDouble.newWorkspace("list");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        CP.putServer(ws, new Server("beta", Upstreams.of("beta").url(), "beta_"));
        CP.putServer(ws, new Server("paged", Upstreams.of("paged").url(), "paged_"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        try (McpSyncClient client = client(ws, token, builder -> { })) {
            client.initialize();
            List<Tool> tools = allTools(client);
            List<String> names = tools.stream().map(Tool::name).toList();
            // beta's tools grow when another test calls its add_tool: count the fixed ones
            List<String> fixed = names.stream().filter(name -> !name.startsWith("beta_added_")).toList();
            assertEquals(5 + 4 + 120, fixed.size(), "alpha, beta and every page of paged: " + names);
            assertEquals(names.size(), names.stream().distinct().count());
            assertTrue(names.containsAll(List.of("alpha_echo", "alpha_add", "beta_progress", "beta_add_tool")));
            assertTrue(names.stream().filter(name -> name.startsWith("paged_")).count() == 120);
            Tool add = tools.stream().filter(tool -> tool.name().equals("alpha_add")).findFirst().orElseThrow();
            assertEquals(List.of("sum"), add.outputSchema().get("required"));
            assertEquals("Adds two numbers.", add.description());
        }
    }

    @Test
    void callsToolsAndRelaysResultsToolErrorsAndTheUpstreamCredentialOnly() {
        String ws = ControlPlaneDouble.newWorkspace("call");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_")
                .withCredential("Authorization", "Bearer upstream-secret"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        try (McpSyncClient client = client(ws, token, builder -> { })) {
            client.initialize();
            CallToolResult sum = client.callTool(new CallToolRequest("alpha_add", Map.of("a", 2, "b", 40)));
            assertFalse(Boolean.TRUE.equals(sum.isError()));
            assertEquals(42, ((Number) ((Map<?, ?>) sum.structuredContent()).get("sum")).intValue());

            CallToolResult failed = client.callTool(new CallToolRequest("alpha_fail", Map.of()));
            assertTrue(failed.isError(), "a tool error is a result with isError, not a protocol error");

            CallToolResult headers = client.callTool(new CallToolRequest("alpha_headers", Map.of()));
            Map<?, ?> seen = (Map<?, ?>) headers.structuredContent();
            assertEquals("Bearer upstream-secret", seen.get("authorization"),
                    "the upstream gets the registry's credential, never the client's token");
        }
    }

    @Test
    void relaysProgressInOrderBeforeTheResult() {
        String ws = ControlPlaneDouble.newWorkspace("progress");
        CP.putServer(ws, new Server("beta", Upstreams.of("beta").url(), "beta_"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(ws, token, builder -> builder.progressConsumer(progress::add))) {
            client.initialize();
            CallToolResult result = client.callTool(CallToolRequest.builder().name("beta_progress")
                    .arguments(Map.of("steps", 6, "delayMs", 30)).progressToken("p-1").build());
            assertEquals("done after 6 steps", ((McpSchema.TextContent) result.content().get(0)).text());
            // the SDK client hands notifications to consumers concurrently, so it may reorder them;
            // the order on the wire is asserted in McpEndpointTest.progressIsStreamedInOrderBeforeTheResult
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == 6);
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0),
                    progress.stream().map(ProgressNotification::progress).sorted().toList());
            assertTrue(progress.stream().allMatch(p -> "p-1".equals(p.progressToken())));
        }
    }

    @Test
    void seesListChangedWhenAServerIsAddedAndWhenAnUpstreamAddsATool() {
        String ws = ControlPlaneDouble.newWorkspace("changes");
        CP.putServer(ws, new Server("beta", Upstreams.of("beta").url(), "beta_"));
        String token = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(ws, token, builder -> builder.toolsChangeConsumer(
                tools -> seen.add(tools.stream().map(Tool::name).toList())))) {
            client.initialize();
            assertEquals(4, allTools(client).size());

            CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(names -> names.contains("alpha_echo")));

            String added = "added_" + ws.replace('-', '_').substring(ws.length() - 8);
            client.callTool(new CallToolRequest("beta_add_tool", Map.of("name", added)));
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(names -> names.contains("beta_" + added)));
            CallToolResult echoed = client.callTool(new CallToolRequest("beta_" + added, Map.of("text", "hi")));
            assertFalse(Boolean.TRUE.equals(echoed.isError()));
        }
    }

    private McpSyncClient client(String ws, String token, Consumer<McpClient.SyncSpec> customize) {
        return SdkClients.client(gateway, ws, token, customize);
    }

    private static List<Tool> allTools(McpSyncClient client) {
        List<Tool> tools = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
            tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null);
        return tools;
    }
}
