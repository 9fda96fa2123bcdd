package dev.gatehouse.gateway.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.ControlPlaneDouble.Server;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.event.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.gatehouse.gateway.testsupport.McpHttp.call;
import static dev.gatehouse.gateway.testsupport.McpHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every tools/call, whatever its outcome, reaches Kafka as one tool.called event without arguments or results. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class ToolCalledEventsTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneEventPerCallWithTheContractFieldsAndNothingOfTheArgumentsOrResults() throws Exception {
        String ws = ControlPlaneDouble.newWorkspace("events");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String alice = CP.issueToken(ws, TokenKind.MEMBER, "alice", true, List.of("alpha:echo", "alpha:fail"));
        String session = McpHttp.session(ws, alice, "2025-06-18");
        String secret = "secret-argument-" + UUID.randomUUID();
        post(ws, alice, session, call(1, "alpha_echo", "{\"text\":\"" + secret + "\"}")).then().statusCode(200);
        post(ws, alice, session, call(2, "alpha_fail", "{}")).then().statusCode(200);
        post(ws, alice, session, call(3, "alpha_add", "{\"a\":1,\"b\":2}")).then().statusCode(200);
        post(ws, alice, session, call(4, "nobody_has_this", "{}")).then().statusCode(200);

        List<String> values = consume(ws, 4);
        assertEquals(4, values.size());
        values.forEach(value -> assertFalse(value.contains(secret) || value.contains("arguments"), value));
        values.forEach(value -> assertFalse(value.contains(alice), "never the token: " + value));
        Map<String, JsonNode> byTool = values.stream().map(ToolCalledEventsTest::read)
                .collect(Collectors.toMap(event -> event.path("data").path("tool").asText(), event -> event));
        assertEquals(Set.of("echo", "fail", "add", "nobody_has_this"), byTool.keySet());

        JsonNode ok = byTool.get("echo");
        assertEquals("tool.called", ok.path("type").asText());
        assertEquals(ws, ok.path("workspace").asText());
        assertEquals(CP.tokenId(alice), ok.path("actor").asText());
        JsonNode data = ok.path("data");
        assertEquals("alpha", data.path("server").asText());
        assertEquals("ok", data.path("status").asText());
        assertTrue(data.path("latencyMs").isNumber());
        assertFalse(data.path("session").asText().isEmpty());
        assertEquals("127.0.0.1", data.path("clientIp").asText());
        assertEquals(CP.tokenId(alice), data.path("tokenId").asText());
        assertEquals("alice", data.path("memberId").asText());
        assertTrue(data.path("errorCode").isNull(), "errorCode is null for a result");

        assertEquals("tool_error", byTool.get("fail").path("data").path("status").asText());
        assertEquals("blocked", byTool.get("add").path("data").path("status").asText());
        assertEquals(-32003, byTool.get("add").path("data").path("errorCode").asInt());
        assertEquals("failed", byTool.get("nobody_has_this").path("data").path("status").asText());
        assertEquals(-32602, byTool.get("nobody_has_this").path("data").path("errorCode").asInt());
    }

    private static List<String> consume(String workspace, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "events-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TOOL_CALLS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (workspace.equals(record.key())) {
                        values.add(record.value());
                    }
                }
            }
            // anything beyond the expected events would be a duplicate: give it a moment to show up
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                if (workspace.equals(record.key())) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
