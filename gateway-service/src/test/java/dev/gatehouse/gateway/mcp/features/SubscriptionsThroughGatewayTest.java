package dev.gatehouse.gateway.mcp.features;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.SdkClients;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.shared.access.TokenKind;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.SubscribeRequest;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.UnsubscribeRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource subscriptions and prompt/resource list changes of two real SDK upstreams (demo
 * {@code full}, instances one and two) through the gateway, with the official MCP Java SDK client:
 * an update reaches the subscribing session only, never another session of the workspace.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SubscriptionsThroughGatewayTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final String WS = ControlPlaneDouble.newWorkspace("subscriptions");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static String admin;
    private static String member;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void workspace() {
        CP.putServer(WS, new Server("one", Upstreams.full("one").url(), "one_"));
        CP.putServer(WS, new Server("two", Upstreams.full("two").url(), "two_"));
        admin = CP.issueToken(WS, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        member = CP.issueToken(WS, TokenKind.MEMBER, "ada", true, List.of("one:resource:demo://one/readme", "one:touch"));
    }

    @Test
    void anUpdateReachesTheSubscribingSessionOnly() throws Exception {
        List<List<ResourceContents>> bySubscriber = new CopyOnWriteArrayList<>();
        List<List<ResourceContents>> byOther = new CopyOnWriteArrayList<>();
        try (McpSyncClient subscriber = client(admin, spec -> spec.resourcesUpdateConsumer(bySubscriber::add));
             McpSyncClient other = client(admin, spec -> spec.resourcesUpdateConsumer(byOther::add))) {
            subscriber.initialize();
            other.initialize();
            assertTrue(subscriber.getServerCapabilities().resources().subscribe(), "the gateway declares subscribe");
            subscriber.subscribeResource(new SubscribeRequest("demo://two/counter"));

            // the upstream counts the sessions it notified: the subscriber's upstream session only
            assertEquals(1, touch(other, "two_touch", "demo://two/counter").get("notified"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !bySubscriber.isEmpty());
            assertTrue(((TextResourceContents) bySubscriber.getFirst().getFirst()).text().startsWith("count="),
                    bySubscriber.toString());
            Thread.sleep(500);
            assertTrue(byOther.isEmpty(), "a session that did not subscribe got " + byOther);

            subscriber.unsubscribeResource(new UnsubscribeRequest("demo://two/counter"));
            assertEquals(0, touch(other, "two_touch", "demo://two/counter").get("notified"));
        }
    }

    @Test
    void aSubscriptionIsRoutedAndCheckedLikeARead() {
        try (McpSyncClient client = client(admin, spec -> { })) {
            client.initialize();
            McpError unknown = assertThrows(McpError.class,
                    () -> client.subscribeResource(new SubscribeRequest("demo://nowhere/x")));
            assertEquals(-32602, unknown.getJsonRpcError().code());
            // demo://shared/about is listed by both servers: the first in routing order (one) holds the subscription
            client.subscribeResource(new SubscribeRequest("demo://shared/about"));
            assertEquals(0, touch(client, "two_touch", "demo://shared/about").get("notified"));
            assertEquals(1, touch(client, "one_touch", "demo://shared/about").get("notified"));
        }
        try (McpSyncClient client = client(member, spec -> { })) {
            client.initialize();
            client.subscribeResource(new SubscribeRequest("demo://one/readme"));
            McpError refused = assertThrows(McpError.class,
                    () -> client.subscribeResource(new SubscribeRequest("demo://one/counter")));
            assertEquals(-32003, refused.getJsonRpcError().code());
            assertEquals("Resource not allowed for this user", refused.getJsonRpcError().message());
            assertEquals(0, touch(client, "one_touch", "demo://one/counter").get("notified"));
        }
    }

    @Test
    void promptAndResourceListChangesAreRelayed() {
        List<List<Prompt>> prompts = new CopyOnWriteArrayList<>();
        List<List<Resource>> resources = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = client(admin, spec -> spec.promptsChangeConsumer(prompts::add)
                .resourcesChangeConsumer(resources::add))) {
            client.initialize();
            assertTrue(client.getServerCapabilities().prompts().listChanged());
            assertTrue(client.getServerCapabilities().resources().listChanged());
            // a change announced before the gateway's upstream streams are open is not replayed (MCP keeps no
            // history of them), so the first change is made again until one is seen, within the limit
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                String name = "p" + NAMES.incrementAndGet();
                client.callTool(new CallToolRequest("two_add_prompt", Map.of("name", name)));
                await().atMost(Duration.ofSeconds(2)).until(() -> prompts.stream()
                        .anyMatch(list -> list.stream().anyMatch(prompt -> prompt.name().equals("two_" + name))));
            });
            String name = "r" + NAMES.incrementAndGet();
            client.callTool(new CallToolRequest("two_add_resource", Map.of("name", name)));
            await().atMost(Duration.ofSeconds(10)).until(() -> resources.stream()
                    .anyMatch(list -> list.stream().anyMatch(resource -> resource.uri().equals("demo://two/added/" + name))));
        }
    }

    private McpSyncClient client(String token, Consumer<McpClient.SyncSpec> customize) {
        return SdkClients.client(gateway, WS, token, customize);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> touch(McpSyncClient client, String tool, String uri) {
        return (Map<String, Object>) client.callTool(new CallToolRequest(tool, Map.of("uri", uri))).structuredContent();
    }
}
