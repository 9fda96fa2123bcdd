package dev.gatehouse.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.shared.access.TokenKind.MEMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One {@code tool.called} event per {@code tools/call} through the endpoint, read back from the real Kafka. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class ToolCalledEventsTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_ARGUMENT = "do-not-log-this-argument";

    @Test
    void everyCallAllowedOrBlockedPublishesOneEventWithTheContractFieldsAndNoArguments() throws Exception {
        String ws = ControlPlaneDouble.newWorkspace("events");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String member = CP.issueToken(ws, MEMBER, "alice", true, List.of("alpha:echo"));
        String tokenId = CP.tokenId(member);
        String session = McpHttp.session(ws, member, "2025-06-18");

        call(ws, member, session, "alpha_echo", "198.51.100.31").then().statusCode(200);
        call(ws, member, session, "alpha_add", "198.51.100.31").then().statusCode(200);

        Map<String, ConsumerRecord<String, String>> events = ToolCallsTopic.awaitEvents(
                event -> event.workspace().equals(ws), 2);
        assertEquals(2, events.size());
        JsonNode ok = find(events.values(), "echo");
        JsonNode blocked = find(events.values(), "add");
        for (JsonNode event : List.of(ok, blocked)) {
            assertEquals("tool.called", event.path("type").asText());
            assertEquals(ws, event.path("workspace").asText());
            assertTrue(event.hasNonNull("id") && event.hasNonNull("time"));
            JsonNode data = event.path("data");
            assertEquals("alpha", data.path("server").asText());
            assertEquals(tokenId, data.path("tokenId").asText());
            assertEquals("alice", data.path("memberId").asText());
            assertEquals("198.51.100.31", data.path("clientIp").asText());
            assertTrue(data.path("latencyMs").isIntegralNumber() && data.path("latencyMs").asLong() >= 0);
            assertFalse(data.path("session").asText().isEmpty());
            assertFalse(event.toString().contains("arguments"), "no arguments field: " + event);
            assertFalse(event.toString().contains(SECRET_ARGUMENT), "no argument values: " + event);
            assertFalse(event.toString().contains(member), "never the token: " + event);
        }
        assertEquals("ok", ok.path("data").path("status").asText());
        assertTrue(ok.path("data").path("errorCode").isMissingNode() || ok.path("data").path("errorCode").isNull());
        assertEquals("blocked", blocked.path("data").path("status").asText());
        assertEquals(-32003, blocked.path("data").path("errorCode").asInt());
        events.values().forEach(record -> assertEquals(ws, record.key(), "keyed by workspace"));
    }

    private static Response call(String ws, String token, String session, String tool, String clientIp) {
        String arguments = tool.endsWith("add") ? "{\"a\":1,\"b\":2,\"note\":\"" + SECRET_ARGUMENT + "\"}"
                : "{\"text\":\"" + SECRET_ARGUMENT + "\"}";
        return McpHttp.request(token)
                .header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-06-18")
                .header("X-Forwarded-For", clientIp)
                .body("{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":" + arguments + "}}")
                .post(McpHttp.path(ws));
    }

    private static JsonNode find(Collection<ConsumerRecord<String, String>> records, String tool) throws Exception {
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = JSON.readTree(record.value());
            if (tool.equals(event.path("data").path("tool").asText())) {
                return event;
            }
        }
        throw new AssertionError("no event for tool " + tool);
    }
}
