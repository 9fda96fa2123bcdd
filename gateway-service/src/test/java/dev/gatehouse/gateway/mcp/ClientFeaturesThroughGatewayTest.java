package dev.gatehouse.gateway.mcp;

import dev.gatehouse.gateway.mcp.relay.RelatedMessages;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.SdkClients;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-to-client requests (sampling, elicitation, roots) and logging through the gateway: the
 * official MCP Java SDK client answers them, a real SDK upstream (demo {@code full}) asks them
 * during tool calls; and the two transport bugs of issue 13 (concurrent SSE answers, a local Origin).
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientFeaturesThroughGatewayTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String WS = ControlPlaneDouble.newWorkspace("features");
    private static String admin;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void workspace() {
        CP.putServer(WS, new Server("one", Upstreams.full("one").url(), "one_"));
        CP.putServer(WS, new Server("two", Upstreams.full("two").url(), "two_"));
        CP.putServer(WS, new Server("beta", Upstreams.of("beta").url(), "beta_"));
        admin = CP.issueToken(WS, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
    }

    @Test
    void samplingElicitationAndRootsAreAnsweredByTheClientThroughTheGateway() {
        ClientCapabilities capabilities = ClientCapabilities.builder().sampling().elicitation().roots(true).build();
        try (McpSyncClient client = client(spec -> spec.capabilities(capabilities)
                .sampling(request -> CreateMessageResult.builder()
                        .role(Role.ASSISTANT).model("client-model")
                        .content(new TextContent("Paris (" + ((TextContent) request.messages().getFirst().content()).text() + ")"))
                        .build())
                .elicitation(request -> new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", "Grace")))
                .roots(new Root("file:///home/grace/project", "project")))) {
            client.initialize();
            assertEquals("model client-model answered: Paris (Capital of France?)",
                    text(client.callTool(new CallToolRequest("one_ask_model", Map.of("question", "Capital of France?")))));
            assertEquals(Map.of("action", "accept", "content", Map.of("name", "Grace")),
                    client.callTool(new CallToolRequest("two_ask_user", Map.of())).structuredContent());
            assertEquals(Map.of("roots", List.of("file:///home/grace/project")),
                    client.callTool(new CallToolRequest("one_list_roots", Map.of())).structuredContent());

            // after this replica forgot its upstream sessions, the same session still relays (stateless ids)
            io.quarkus.arc.Arc.container().instance(dev.gatehouse.gateway.upstream.UpstreamSessions.class).get().forgetAll();
            assertEquals(Map.of("action", "accept", "content", Map.of("name", "Grace")),
                    client.callTool(new CallToolRequest("one_ask_user", Map.of())).structuredContent());
        }
    }

    @Test
    void upstreamsSeeOnlyTheCapabilitiesTheClientDeclared() {
        try (McpSyncClient client = client(spec -> { })) {
            client.initialize();
            for (String tool : List.of("one_ask_model", "one_ask_user", "one_list_roots")) {
                CallToolResult result = client.callTool(new CallToolRequest(tool, Map.of("question", "q")));
                assertTrue(Boolean.TRUE.equals(result.isError()), tool + " should see a client without it: " + result);
            }
        }
    }

    @Test
    void setLevelReachesEveryUpstreamAndLogMessagesAreMarkedWithTheirServer() {
        List<LoggingMessageNotification> messages = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(spec -> spec.loggingConsumer(messages::add))) {
            client.initialize();
            assertTrue(client.getServerCapabilities().logging() != null, "the gateway declares logging");
            client.setLoggingLevel(LoggingLevel.INFO);
            assertEquals("logged 2 steps", text(client.callTool(new CallToolRequest("one_log_steps", Map.of("steps", 2)))));
            assertEquals("logged 1 steps", text(client.callTool(new CallToolRequest("two_log_steps", Map.of("steps", 1)))));
            await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 3);
            // info only: the debug message each server sends first was held back upstream
            assertEquals(List.of("step 1 of 1 on two", "step 1 of 2 on one", "step 2 of 2 on one"),
                    messages.stream().map(LoggingMessageNotification::data).sorted().toList());
            for (LoggingMessageNotification message : messages) {
                String expected = message.data().endsWith("on one") ? "one" : "two";
                assertEquals(expected, message.meta().get(RelatedMessages.SERVER_META), message.toString());
            }

            messages.clear();
            client.setLoggingLevel(LoggingLevel.DEBUG);
            client.callTool(new CallToolRequest("two_log_steps", Map.of("steps", 1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 2);
            assertTrue(messages.stream().anyMatch(m -> m.data().equals("debug detail from two")), messages.toString());
        }
    }

    @Test
    void logMessagesAnUpstreamSendsOutsideARequestReachTheClientsGetStreamMarkedWithTheirServer() {
        List<LoggingMessageNotification> messages = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(spec -> spec.loggingConsumer(messages::add))) {
            client.initialize();
            client.setLoggingLevel(LoggingLevel.INFO);
            // the gateway opens the upstream session's GET stream once the level is set: until it is
            // open the upstream has nowhere to send, so ask again until the message arrives
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                client.callTool(new CallToolRequest("one_log_later", Map.of("text", "on its own")));
                return messages.stream().anyMatch(m -> "on its own".equals(m.data()));
            });
            LoggingMessageNotification message = messages.stream().filter(m -> "on its own".equals(m.data())).findFirst().orElseThrow();
            assertEquals(LoggingLevel.INFO, message.level());
            assertEquals("demo-one", message.logger());
            assertEquals("one", message.meta().get(RelatedMessages.SERVER_META), message.toString());
        }
    }

    @Test
    void logMessagesAreStreamedInOrderBeforeTheResult() {
        String session = McpHttp.session(WS, admin, "2025-06-18");
        String body = McpHttp.post(WS, admin, session, McpHttp.call(7, "one_log_steps", "{\"steps\":4}")).asString();
        int last = -1;
        for (int step = 1; step <= 4; step++) {
            int at = body.indexOf("step " + step + " of 4 on one");
            assertTrue(at > last, "step " + step + " out of order or missing in " + body);
            last = at;
        }
        assertTrue(body.indexOf("logged 4 steps") > last, "the result comes after the log messages: " + body);
    }

    @Test
    void threeConcurrentStreamedAnswersOnOneSessionAllSucceed() throws Exception {
        String session = McpHttp.session(WS, admin, "2025-06-18");
        try (HttpClient http = HttpClient.newHttpClient()) {
            List<CompletableFuture<HttpResponse<String>>> answers = List.of(1, 2, 3).stream()
                    .map(id -> http.sendAsync(HttpRequest.newBuilder(URI.create(gateway + "api/gw/" + WS))
                                    .header("Authorization", "Bearer " + admin)
                                    .header("Accept", McpHttp.ACCEPT)
                                    .header("Content-Type", "application/json")
                                    .header("Mcp-Session-Id", session)
                                    .header("MCP-Protocol-Version", "2025-06-18")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(McpHttp.call(id, "beta_progress",
                                            "{\"steps\":3,\"delayMs\":50}").replace("\"arguments\"",
                                            "\"_meta\":{\"progressToken\":\"t" + id + "\"},\"arguments\"")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("done after 3 steps"), response.body());
            }
        }
    }

    @Test
    void aLocalOriginIsAllowedOnLoopbackWhileAForeignOneIsRefused() {
        McpHttp.request(admin).header("Origin", "http://localhost:39999")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
                .post(McpHttp.path(WS)).then().statusCode(200);
        McpHttp.request(admin).header("Origin", "http://127.0.0.1:5173").body("{}").post(McpHttp.path(WS))
                .then().statusCode(org.hamcrest.Matchers.not(403));
        McpHttp.request(admin).header("Origin", "http://localhost.evil.example").body("{}").post(McpHttp.path(WS))
                .then().statusCode(403);
        McpHttp.request(admin).header("Origin", "http://evil.example").body("{}").post(McpHttp.path(WS))
                .then().statusCode(403);
    }

    private McpSyncClient client(Consumer<McpClient.SyncSpec> customize) {
        return SdkClients.client(gateway, WS, admin, customize);
    }

    private static String text(CallToolResult result) {
        assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
        return ((TextContent) result.content().getFirst()).text();
    }
}
