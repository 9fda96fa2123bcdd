package dev.gatehouse.infra;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo MCP servers, seen through the official MCP Java SDK client. */
class DemoMcpServerTest {

    private static final String UPSTREAM_CREDENTIAL = "Bearer upstream-secret";

    private static DemoMcpServer alpha;
    private static DemoMcpServer beta;
    private static DemoMcpServer paged;

    @BeforeAll
    static void startServers() {
        Path logs = Path.of("target", "demo-mcp-logs");
        alpha = DemoMcpServer.start("alpha", 0, logs.resolve("alpha.log"), List.of("--require-auth", UPSTREAM_CREDENTIAL));
        beta = DemoMcpServer.start("beta", 0, logs.resolve("beta.log"));
        paged = DemoMcpServer.start("paged", 0, logs.resolve("paged.log"));
    }

    @AfterAll
    static void stopServers() {
        for (DemoMcpServer server : new DemoMcpServer[] {alpha, beta, paged}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void alphaInitializesListsToolsAndAnswersCalls() {
        try (McpSyncClient client = client(alpha, UPSTREAM_CREDENTIAL, spec -> { })) {
            assertEquals("gatehouse-demo-alpha", client.initialize().serverInfo().name());
            assertEquals(List.of("echo", "add", "list_issues", "fail", "headers"),
                    client.listTools().tools().stream().map(Tool::name).toList());

            assertEquals("hello", text(client.callTool(new CallToolRequest("echo", Map.of("text", "hello")))));

            CallToolResult sum = client.callTool(new CallToolRequest("add", Map.of("a", 2, "b", 3)));
            assertEquals(Map.of("sum", 5), sum.structuredContent());

            CallToolResult failure = client.callTool(new CallToolRequest("fail", Map.of()));
            assertTrue(failure.isError());
        }
    }

    @Test
    void alphaReportsTheHeadersItReceived() {
        try (McpSyncClient client = client(alpha, UPSTREAM_CREDENTIAL, spec -> { })) {
            client.initialize();
            @SuppressWarnings("unchecked")
            Map<String, Object> seen = (Map<String, Object>) client.callTool(
                    new CallToolRequest("headers", Map.of())).structuredContent();
            assertEquals(UPSTREAM_CREDENTIAL, seen.get("authorization"));
            assertTrue(((List<?>) seen.get("headers")).contains("mcp-session-id"), seen.toString());
        }
    }

    @Test
    void requiredAuthorizationIsEnforced() throws Exception {
        String initialize = """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(alpha.url()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize));
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertEquals(401, http.send(request.copy().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, http.send(request.copy().header("Authorization", "Bearer wrong").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(request.copy().header("Authorization", UPSTREAM_CREDENTIAL).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void betaSendsProgressInOrderBeforeTheResult() {
        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(beta, null, spec -> spec.progressConsumer(progress::add))) {
            client.initialize();
            CallToolResult result = client.callTool(new CallToolRequest("progress",
                    Map.of("steps", 5, "delayMs", 10), Map.of("progressToken", "p-1")));

            assertEquals("done after 5 steps", text(result));
            // beta sends them in order before the result (checked on the raw stream through the gateway); the
            // SDK client hands each to the consumer on its own, so they may arrive late and out of order
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (progress.size() < 5 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), progress.stream().map(ProgressNotification::progress).sorted().toList());
            assertTrue(progress.stream().allMatch(p -> "p-1".equals(p.progressToken()) && p.total() == 5.0));
        }
    }

    @Test
    void betaAddsAToolAndTellsConnectedClients() throws Exception {
        List<List<Tool>> changes = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(beta, null, spec -> spec.toolsChangeConsumer(changes::add))) {
            client.initialize();
            String name = "added_by_test_" + System.nanoTime();
            assertEquals("added " + name, text(client.callTool(new CallToolRequest("add_tool", Map.of("name", name)))));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (changes.stream().noneMatch(tools -> tools.stream().anyMatch(t -> t.name().equals(name)))) {
                assertTrue(System.nanoTime() < deadline, "no tools/list_changed with " + name + " arrived");
                Thread.sleep(50);
            }
            assertEquals("hi", text(client.callTool(new CallToolRequest(name, Map.of("text", "hi")))));
        }
    }

    @Test
    void pagedListsToolsInPagesOfFifty() {
        try (McpSyncClient client = client(paged, null, spec -> { })) {
            client.initialize();
            ListToolsResult first = client.listTools(null);
            assertEquals(50, first.tools().size());
            assertEquals("tool_000", first.tools().getFirst().name());
            assertNotNull(first.nextCursor());

            ListToolsResult second = client.listTools(first.nextCursor());
            assertEquals("tool_050", second.tools().getFirst().name());
            ListToolsResult third = client.listTools(second.nextCursor());
            assertEquals(20, third.tools().size());
            assertEquals("tool_119", third.tools().getLast().name());
            assertNull(third.nextCursor());
        }
    }

    @Test
    void pagedRejectsAnInvalidCursor() {
        try (McpSyncClient client = client(paged, null, spec -> { })) {
            client.initialize();
            Exception error = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> client.listTools("not-a-cursor"));
            assertTrue(error.getMessage().contains("invalid cursor"), error.getMessage());
        }
    }

    @Test
    void manyOffersTheRequestedNumberOfEchoToolsAndSlowSleeps() {
        Path logs = Path.of("target", "demo-mcp-logs");
        try (DemoMcpServer many = DemoMcpServer.start("many", 0, logs.resolve("many.log"), List.of("--tools", "20"));
             DemoMcpServer slow = DemoMcpServer.start("slow", 0, logs.resolve("slow.log"));
             McpSyncClient manyClient = client(many, null, spec -> { });
             McpSyncClient slowClient = client(slow, null, spec -> { })) {
            manyClient.initialize();
            List<String> names = manyClient.listTools().tools().stream().map(Tool::name).toList();
            assertEquals(20, names.size());
            assertEquals(List.of("tool_00", "tool_19"), List.of(names.getFirst(), names.getLast()));
            assertEquals("x", text(manyClient.callTool(new CallToolRequest("tool_07", Map.of("text", "x")))));

            slowClient.initialize();
            assertEquals("slept 50 ms", text(slowClient.callTool(new CallToolRequest("sleep", Map.of("ms", 50)))));
            assertTrue(slowClient.callTool(new CallToolRequest("sleep", Map.of("ms", -1))).isError());
        }
    }

    private static McpSyncClient client(DemoMcpServer server, String authorization, Consumer<McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + server.port())
                .endpoint("/mcp");
        if (authorization != null) {
            transport.customizeRequest(request -> request.header("Authorization", authorization));
        }
        McpClient.SyncSpec spec = McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(30));
        customize.accept(spec);
        return spec.build();
    }

    private static String text(CallToolResult result) {
        assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
        return ((TextContent) result.content().getFirst()).text();
    }
}
