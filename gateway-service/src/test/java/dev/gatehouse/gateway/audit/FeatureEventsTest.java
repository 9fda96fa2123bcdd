package dev.gatehouse.gateway.audit;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.SdkClients;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Governance covers it all (issue 13): every {@code prompts/get}, {@code resources/read} and
 * relayed server-to-client request through the gateway leaves one event on the real Kafka topic,
 * with who, server, name or URI, status and latency, and never the arguments, messages or
 * contents; a member refused a prompt or a resource leaves a {@code blocked} one. Upstreams are the
 * real Java SDK demo server ({@code full}), the client the official Java SDK client.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FeatureEventsTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    /** The data keys of every gateway event: nothing else, in particular no content. */
    private static final Set<String> COMMON = Set.of("server", "status", "errorCode", "latencyMs", "session", "clientIp",
            "tokenId", "memberId");

    @TestHTTPResource("/")
    URL gateway;

    private static String membersWorkspace;
    private static String adminsWorkspace;

    @BeforeAll
    static void workspaces() {
        membersWorkspace = ControlPlaneDouble.newWorkspace("audited");
        adminsWorkspace = ControlPlaneDouble.newWorkspace("relayed");
        for (String workspace : List.of(membersWorkspace, adminsWorkspace)) {
            CP.putServer(workspace, new Server("one", Upstreams.full("one").url(), "one_"));
            CP.putServer(workspace, new Server("two", Upstreams.full("two").url(), "two_"));
        }
    }

    @Test
    void promptsAndResourceReadsLeaveOneEventEachWithoutTheirContent() {
        String member = CP.issueToken(membersWorkspace, TokenKind.MEMBER, "ada", true,
                List.of("one:prompt:greet", "one:resource:demo://one/readme"));
        try (McpSyncClient client = SdkClients.client(gateway, membersWorkspace, member)) {
            client.initialize();
            client.getPrompt(new GetPromptRequest("one_greet", Map.of("name", "Secret Ada")));
            assertEquals(-32003, assertThrows(McpError.class,
                    () -> client.getPrompt(new GetPromptRequest("two_greet", Map.of("name", "Ada")))).getJsonRpcError().code());
            assertThrows(McpError.class, () -> client.getPrompt(new GetPromptRequest("nowhere_greet", Map.of())));
            client.readResource(new ReadResourceRequest("demo://one/readme"));
            assertEquals(-32003, assertThrows(McpError.class,
                    () -> client.readResource(new ReadResourceRequest("demo://one/counter"))).getJsonRpcError().code());
        }

        List<EventEnvelope> events = arrived(membersWorkspace, 5);
        String tokenId = CP.tokenId(member);
        assertEquals(List.of(
                        "prompt.retrieved one greet ok null",
                        "prompt.retrieved two greet blocked -32003",
                        "prompt.retrieved null nowhere_greet failed -32602",
                        "resource.read one demo://one/readme ok null",
                        "resource.read one demo://one/counter blocked -32003"),
                events.stream().map(FeatureEventsTest::summary).toList());
        for (EventEnvelope event : events) {
            Set<String> expectedKeys = new java.util.HashSet<>(COMMON);
            expectedKeys.add(event.type().equals("prompt.retrieved") ? "prompt" : "uri");
            assertEquals(expectedKeys, event.data().keySet(), event.toString());
            assertEquals(tokenId, event.actor());
            assertEquals("ada", event.data().get("memberId"));
            assertTrue(((Number) event.data().get("latencyMs")).longValue() >= 0);
            String json = EventJson.write(event);
            assertFalse(json.contains("Secret Ada") || json.contains("Demo server") || json.contains("count="), json);
        }
    }

    @Test
    void samplingElicitationAndRootsAnsweredByTheClientAreAudited() {
        String admin = CP.issueToken(adminsWorkspace, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        ClientCapabilities capabilities = ClientCapabilities.builder().sampling().elicitation().roots(true).build();
        try (McpSyncClient client = SdkClients.client(gateway, adminsWorkspace, admin, spec -> spec.capabilities(capabilities)
                .sampling(request -> CreateMessageResult.builder().role(Role.ASSISTANT).model("client-model")
                        .content(new TextContent("Paris, privately")).build())
                .elicitation(request -> new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", "Grace Hopper")))
                .roots(new Root("file:///home/grace/private", "project")))) {
            client.initialize();
            client.callTool(new CallToolRequest("one_ask_model", Map.of("question", "Capital of France?")));
            client.callTool(new CallToolRequest("two_ask_user", Map.of()));
            client.callTool(new CallToolRequest("one_list_roots", Map.of()));
        }

        List<EventEnvelope> relayed = arrived(adminsWorkspace, 3).stream()
                .filter(event -> event.type().equals("server_request.relayed")).toList();
        assertEquals(List.of("server_request.relayed one sampling/createMessage ok null",
                        "server_request.relayed two elicitation/create ok null",
                        "server_request.relayed one roots/list ok null"),
                relayed.stream().map(FeatureEventsTest::summary).toList());
        for (EventEnvelope event : relayed) {
            Set<String> expectedKeys = new java.util.HashSet<>(COMMON);
            expectedKeys.add("method");
            assertEquals(expectedKeys, event.data().keySet());
            assertEquals(CP.tokenId(admin), event.actor());
            String json = EventJson.write(event);
            assertFalse(json.contains("Paris") || json.contains("Grace") || json.contains("private")
                    || json.contains("France"), json);
        }
    }

    /** The workspace's events other than tool calls, at least {@code expected}, in arrival order (one workspace: one partition, and the gateway sends in order). */
    private static List<EventEnvelope> arrived(String workspace, int expected) {
        Map<String, ConsumerRecord<String, String>> records = ToolCallsTopic.awaitEvents(
                event -> event.workspace().equals(workspace) && !event.type().equals("tool.called"), expected);
        return records.values().stream()
                .map(record -> EventJson.read(record.value().getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    private static String summary(EventEnvelope event) {
        Map<String, Object> data = event.data();
        Object name = data.getOrDefault("prompt", data.getOrDefault("uri", data.get("method")));
        return event.type() + " " + data.get("server") + " " + name + " " + data.get("status") + " " + data.get("errorCode");
    }
}
