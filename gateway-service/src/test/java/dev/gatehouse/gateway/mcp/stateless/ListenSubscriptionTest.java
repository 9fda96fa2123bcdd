package dev.gatehouse.gateway.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.mcp.ProtocolVersions;
import dev.gatehouse.gateway.routing.UpstreamServer;
import dev.gatehouse.gateway.session.McpSession;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a listen stream carries and how it is marked (basic/patterns/subscriptions.mdx); no I/O. */
class ListenSubscriptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "io.modelcontextprotocol/subscriptionId";

    @Test
    void carriesOnlyWhatItOptedInToMarkedWithItsIdLeavingTheSharedMessageAlone() throws Exception {
        ListenFilter filter = ListenFilter.parse(json("""
                {"toolsListChanged":true,"promptsListChanged":false,"resourceSubscriptions":["demo://a/x","demo://a/y"]}"""), 8);
        // demo://a/y: its upstream refused the subscription
        ListenSubscription subscription = subscription(filter, List.of("demo://a/x"));

        ObjectNode tools = json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
        ObjectNode carried = subscription.deliver(tools).orElseThrow();
        assertEquals("listen:1", carried.path("params").path("_meta").path(ID).asText());
        assertFalse(tools.has("params"), "the message every stream shares is not changed");

        ObjectNode updated = json("""
                {"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"demo://a/x","_meta":{"k":1}}}""");
        ObjectNode marked = subscription.deliver(updated).orElseThrow();
        assertEquals(1, marked.path("params").path("_meta").path("k").asInt(), "the upstream's _meta stays");
        assertEquals("listen:1", marked.path("params").path("_meta").path(ID).asText());

        assertTrue(subscription.deliver(json("""
                {"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"demo://a/y"}}""")).isEmpty());
        assertTrue(subscription.deliver(json("""
                {"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"demo://a/z"}}""")).isEmpty());
        assertTrue(subscription.deliver(json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}")).isEmpty());
        assertTrue(subscription.deliver(json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/list_changed\"}")).isEmpty());
        assertTrue(subscription.deliver(json("""
                {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"x"}}""")).isEmpty(),
                "request-scoped messages never go on a listen stream");
    }

    @Test
    void acknowledgesWhatIsHonouredAndEndsWithTheListenResponse() throws Exception {
        ListenFilter filter = ListenFilter.parse(json("""
                {"resourcesListChanged":true,"resourceSubscriptions":["demo://a/x","demo://a/y"]}"""), 8);
        ListenSubscription subscription = subscription(filter, List.of("demo://a/y"));
        assertEquals(json("""
                {"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged","params":{"_meta":{"%s":"listen:1"},
                 "notifications":{"resourcesListChanged":true,"resourceSubscriptions":["demo://a/y"]}}}""".formatted(ID)),
                subscription.acknowledgement());
        assertEquals(json("""
                {"jsonrpc":"2.0","id":"listen:1","result":{"resultType":"complete","_meta":{"%s":"listen:1"}}}""".formatted(ID)),
                subscription.completion());
    }

    @Test
    void aFilterKeepsTheRequestOrderOfItsUrisOnce() throws Exception {
        ListenFilter filter = ListenFilter.parse(json("{\"resourceSubscriptions\":[\"b://2\",\"a://1\",\"b://2\"]}"), 2);
        assertEquals(List.of("b://2", "a://1"), List.copyOf(filter.uris()));
        assertFalse(filter.tools() || filter.prompts() || filter.resources());
    }

    /** @param watched the URIs whose upstream subscription took (their owners do not matter here) */
    private static ListenSubscription subscription(ListenFilter filter, List<String> watched) {
        McpSession session = new McpSession("stateless/ws/t1", "ws", "t1", ProtocolVersions.V2026_07_28, Instant.now(), "{}");
        Map<String, UpstreamServer> owners = new LinkedHashMap<>();
        watched.forEach(uri -> owners.put(uri, null));
        return new ListenSubscription(new Caller(null, null, session, "127.0.0.1"), TextNode.valueOf("listen:1"), filter,
                owners, null);
    }

    private static ObjectNode json(String text) throws Exception {
        JsonNode node = JSON.readTree(text);
        return (ObjectNode) node;
    }
}
