package dev.gatehouse.infra;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.ListPromptsResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.McpSchema.SubscribeRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.UnsubscribeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code full} demo server (every MCP server feature, plus tools that ask the client for
 * sampling, elicitation and roots), seen through the official MCP Java SDK client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FullDemoMcpServerTest {

    private static DemoMcpServer one;
    private static DemoMcpServer two;

    @BeforeAll
    static void startServers() {
        Path logs = Path.of("target", "demo-mcp-logs");
        one = DemoMcpServer.start("full", 0, logs.resolve("full-one.log"));
        two = DemoMcpServer.start("full", 0, logs.resolve("full-two.log"), List.of("--instance", "two", "--page-size", "2"));
    }

    @AfterAll
    static void stopServers() {
        for (DemoMcpServer server : new DemoMcpServer[] {one, two}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void listsPromptsResourcesAndTemplatesNamingItsInstance() {
        try (McpSyncClient client = client(one, spec -> { })) {
            assertEquals("gatehouse-demo-full-one", client.initialize().serverInfo().name());
            var capabilities = client.getServerCapabilities();
            assertTrue(capabilities.resources().subscribe());
            assertNotNull(capabilities.prompts());
            assertNotNull(capabilities.logging());
            assertNotNull(capabilities.completions());

            // another test adds prompts and resources at run time: the fixed ones must all be there
            assertTrue(client.listPrompts().prompts().stream().map(Prompt::name).toList()
                    .containsAll(List.of("greet", "status_one")));
            assertTrue(client.listResources().resources().stream().map(Resource::uri).toList().containsAll(
                    List.of("demo://one/counter", "demo://one/logo.png", "demo://one/readme", "demo://shared/about")));
            assertEquals(List.of("demo://one/notes/{id}"),
                    client.listResourceTemplates().resourceTemplates().stream().map(ResourceTemplate::uriTemplate).toList());
        }
    }

    @Test
    void theSecondInstanceHasOtherContentAndPagesEveryList() {
        try (McpSyncClient client = client(two, spec -> { })) {
            client.initialize();
            // its two prompts fit one page of 2 exactly; resources (4) and tools (10) need more pages
            ListPromptsResult first = client.listPrompts(null);
            assertEquals(List.of("greet", "status_two"), first.prompts().stream().map(Prompt::name).sorted().toList());
            assertNull(first.nextCursor());
            var firstResources = client.listResources(null);
            assertEquals(2, firstResources.resources().size());
            assertNotNull(firstResources.nextCursor());
            assertEquals(List.of("demo://shared/about", "demo://two/counter", "demo://two/logo.png", "demo://two/readme"),
                    client.listResources().resources().stream().map(Resource::uri).sorted().toList());
            assertEquals(10, client.listTools().tools().size());
            assertThrows(Exception.class, () -> client.listPrompts("not-a-cursor"));
        }
    }

    @Test
    void promptsTakeArgumentsAndCompleteThem() {
        try (McpSyncClient client = client(one, spec -> { })) {
            client.initialize();
            var prompt = client.getPrompt(new GetPromptRequest("greet", Map.of("name", "Ada", "style", "pirate")));
            assertEquals(Role.USER, prompt.messages().getFirst().role());
            assertEquals("Greet Ada in a pirate style (from one).", ((TextContent) prompt.messages().getFirst().content()).text());
            assertThrows(Exception.class, () -> client.getPrompt(new GetPromptRequest("greet", Map.of())));

            var styles = client.completeCompletion(new CompleteRequest(new PromptReference("greet"),
                    new CompleteRequest.CompleteArgument("style", "f")));
            assertEquals(List.of("formal", "friendly"), styles.completion().values());
            var ids = client.completeCompletion(new CompleteRequest(new ResourceReference("demo://one/notes/{id}"),
                    new CompleteRequest.CompleteArgument("id", "1")));
            assertEquals(List.of("1", "10"), ids.completion().values());
        }
    }

    @Test
    void readsTextBlobSharedAndTemplatedResources() {
        try (McpSyncClient client = client(one, spec -> { })) {
            client.initialize();
            assertEquals("about, as told by one", text(client.readResource(new ReadResourceRequest("demo://shared/about")).contents()));
            assertTrue(text(client.readResource(new ReadResourceRequest("demo://one/readme")).contents()).startsWith("# Demo server one"));
            assertEquals("note 7 of one", text(client.readResource(new ReadResourceRequest("demo://one/notes/7")).contents()));
            var logo = (BlobResourceContents) client.readResource(new ReadResourceRequest("demo://one/logo.png")).contents().getFirst();
            assertEquals("image/png", logo.mimeType());
            assertFalse(logo.blob().isEmpty());
            assertThrows(Exception.class, () -> client.readResource(new ReadResourceRequest("demo://nowhere")));
        }
    }

    @Test
    void logsDuringAToolCallAtTheLevelTheClientSet() {
        List<LoggingMessageNotification> messages = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(one, spec -> spec.loggingConsumer(messages::add))) {
            client.initialize();
            client.setLoggingLevel(LoggingLevel.INFO);
            assertEquals("logged 3 steps", text(client.callTool(new CallToolRequest("log_steps", Map.of("steps", 3)))));
            // the server sends them in order before the result; the SDK client hands each notification to the
            // consumer on its own, possibly after callTool returned and out of order, so wait for all of them
            // and compare sorted (order is checked on the raw stream elsewhere)
            awaitTrue("3 log messages", () -> messages.size() >= 3);
            assertEquals(List.of("step 1 of 3 on one", "step 2 of 3 on one", "step 3 of 3 on one"),
                    messages.stream().map(LoggingMessageNotification::data).sorted().toList());
            assertTrue(messages.stream().allMatch(m -> m.level() == LoggingLevel.INFO && "demo-one".equals(m.logger())));

            messages.clear();
            client.setLoggingLevel(LoggingLevel.DEBUG);
            client.callTool(new CallToolRequest("log_steps", Map.of("steps", 1)));
            awaitTrue("2 log messages", () -> messages.size() >= 2);
            assertEquals(List.of("debug detail from one", "step 1 of 1 on one"),
                    messages.stream().map(LoggingMessageNotification::data).sorted().toList());
        }
    }

    @Test
    void toolsAskTheClientForSamplingElicitationAndRoots() {
        ClientCapabilities capabilities = ClientCapabilities.builder().sampling().elicitation().roots(true).build();
        try (McpSyncClient client = client(one, spec -> spec.capabilities(capabilities)
                .sampling(request -> CreateMessageResult.builder()
                        .role(Role.ASSISTANT).model("test-model")
                        .content(new TextContent("Paris, asked: " + ((TextContent) request.messages().getFirst().content()).text()))
                        .build())
                .elicitation(request -> new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("name", "Ada")))
                .roots(new Root("file:///work/project", "project")))) {
            client.initialize();
            assertEquals("model test-model answered: Paris, asked: Capital of France?",
                    text(client.callTool(new CallToolRequest("ask_model", Map.of("question", "Capital of France?")))));
            assertEquals(Map.of("action", "accept", "content", Map.of("name", "Ada")),
                    client.callTool(new CallToolRequest("ask_user", Map.of())).structuredContent());
            assertEquals(Map.of("roots", List.of("file:///work/project")),
                    client.callTool(new CallToolRequest("list_roots", Map.of())).structuredContent());
        }
    }

    @Test
    void toolsThatNeedAClientFeatureSayWhenTheClientLacksIt() {
        try (McpSyncClient client = client(one, spec -> { })) {
            client.initialize();
            for (String tool : List.of("ask_model", "ask_user", "ask_model_then_user", "list_roots")) {
                CallToolResult result = client.callTool(new CallToolRequest(tool, Map.of("question", "q")));
                assertTrue(result.isError(), tool + ": " + result);
            }
        }
    }

    @Test
    void resourceUpdatesReachTheSubscribedSessionOnly() throws Exception {
        List<List<ResourceContents>> seenBySubscriber = new CopyOnWriteArrayList<>();
        List<List<ResourceContents>> seenByOther = new CopyOnWriteArrayList<>();
        try (McpSyncClient subscriber = client(one, spec -> spec.resourcesUpdateConsumer(seenBySubscriber::add));
             McpSyncClient other = client(one, spec -> spec.resourcesUpdateConsumer(seenByOther::add))) {
            subscriber.initialize();
            other.initialize();
            subscriber.subscribeResource(new SubscribeRequest("demo://one/counter"));
            assertThrows(Exception.class, () -> subscriber.subscribeResource(new SubscribeRequest("demo://nowhere")));

            @SuppressWarnings("unchecked")
            Map<String, Object> touched = (Map<String, Object>) other.callTool(
                    new CallToolRequest("touch", Map.of("uri", "demo://one/counter"))).structuredContent();
            assertEquals(1, touched.get("notified"), touched.toString());
            awaitTrue("resources/updated at the subscriber", () -> !seenBySubscriber.isEmpty());
            assertTrue(text(seenBySubscriber.getFirst()).startsWith("count="), seenBySubscriber.toString());
            Thread.sleep(300);
            assertTrue(seenByOther.isEmpty(), "a session that did not subscribe got " + seenByOther);

            subscriber.unsubscribeResource(new UnsubscribeRequest("demo://one/counter"));
            @SuppressWarnings("unchecked")
            Map<String, Object> again = (Map<String, Object>) other.callTool(
                    new CallToolRequest("touch", Map.of("uri", "demo://one/counter"))).structuredContent();
            assertEquals(0, again.get("notified"));
        }
    }

    @Test
    void promptsAndResourcesAddedAtRunTimeAreAnnounced() {
        List<List<Prompt>> prompts = new CopyOnWriteArrayList<>();
        List<List<Resource>> resources = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(one, spec -> spec.promptsChangeConsumer(prompts::add)
                .resourcesChangeConsumer(resources::add))) {
            client.initialize();
            String name = "p" + System.nanoTime();
            client.callTool(new CallToolRequest("add_prompt", Map.of("name", name)));
            client.callTool(new CallToolRequest("add_resource", Map.of("name", name)));
            awaitTrue("prompts/list_changed", () -> prompts.stream().anyMatch(l -> l.stream().anyMatch(p -> p.name().equals(name))));
            awaitTrue("resources/list_changed", () -> resources.stream()
                    .anyMatch(l -> l.stream().anyMatch(r -> r.uri().equals("demo://one/added/" + name))));
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static McpSyncClient client(DemoMcpServer server, Consumer<McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + server.port())
                .endpoint("/mcp")
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30));
        customize.accept(spec);
        return spec.build();
    }

    private static String text(CallToolResult result) {
        assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
        return ((TextContent) result.content().getFirst()).text();
    }

    private static String text(List<ResourceContents> contents) {
        return ((TextResourceContents) contents.getFirst()).text();
    }
}
