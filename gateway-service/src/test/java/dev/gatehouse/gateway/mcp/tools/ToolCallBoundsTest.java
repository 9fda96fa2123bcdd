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
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.gatehouse.gateway.testsupport.McpHttp.call;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client sends as a tool name or a batch never reaches events, Kafka or metrics unbounded:
 * a poison name is refused and recorded as a placeholder, later calls are still audited, unknown
 * names create no meters, batches are capped and every member counts against the rate limit.
 */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class ToolCallBoundsTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    MeterRegistry meters;

    @Test
    void H5_aHugeToolNameIsRefusedAndLaterCallsAreStillAudited() throws Exception {
        String ws = ControlPlaneDouble.newWorkspace("poison");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String member = CP.issueToken(ws, TokenKind.MEMBER, "mallory", false, List.of());
        String session = McpHttp.session(ws, member, "2025-06-18");

        String huge = "x".repeat(1_048_400);
        McpHttp.post(ws, member, session, call(1, huge, "{}")).then()
                .statusCode(200)
                .body("error.code", equalTo(-32602))
                .body("error.message", containsString("1-128 characters"));
        McpHttp.post(ws, member, session, call(2, "=HYPERLINK(\\\"https://evil.example/\\\",\\\"x\\\")", "{}")).then()
                .statusCode(200).body("error.code", equalTo(-32602));
        for (int i = 0; i < 3; i++) {
            McpHttp.post(ws, member, session, call(10 + i, "alpha_echo", "{\"text\":\"after " + i + "\"}")).then()
                    .statusCode(200).body("result.content[0].text", equalTo("after " + i));
        }

        List<String> values = consume(ws, 5);
        assertEquals(5, values.size(), "the poison call and the ordinary ones all reach Kafka");
        for (String value : values) {
            assertTrue(value.getBytes(StandardCharsets.UTF_8).length < 16_384, "bounded event: " + value.length());
            assertFalse(value.contains("xxxxxxxxxx") || value.contains("HYPERLINK"), "never the raw name: " + value);
        }
        List<JsonNode> invalid = values.stream().map(ToolCallBoundsTest::read)
                .filter(event -> event.path("data").path("errorCode").asInt() == -32602).toList();
        assertEquals(2, invalid.size());
        assertTrue(invalid.get(0).path("data").path("tool").asText().startsWith("<invalid name: 1048400 chars, sha256 "),
                invalid.get(0).toString());
        assertEquals("failed", invalid.get(0).path("data").path("status").asText());
        assertEquals(0.0, meters.get("gateway.audit.events.failed").counter().count());
    }

    @Test
    void H6_unknownPrefixedNamesAreTaggedUnknownAndCreateNoMeters() {
        String ws = ControlPlaneDouble.newWorkspace("cardinality");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String restricted = CP.issueToken(ws, TokenKind.MEMBER, "mallory", true, List.of("alpha:echo"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String blockedSession = McpHttp.session(ws, restricted, "2025-03-26");
        String adminSession = McpHttp.session(ws, admin, "2025-03-26");
        // warm up: one known call and one unknown of each path, so their meters exist before counting
        batch(ws, restricted, blockedSession, "198.51.100.60", randomNames(1)).then().statusCode(200);
        batch(ws, admin, adminSession, "198.51.100.61", randomNames(1)).then().statusCode(200);
        long before = toolCallMeters();

        for (int round = 0; round < 10; round++) {
            // blocked by the allowlist: never reaches the upstream, still an outcome with a tool name
            batch(ws, restricted, blockedSession, "198.51.100.7" + round, randomNames(32)).then().statusCode(200)
                    .body("error.code", org.hamcrest.Matchers.everyItem(equalTo(-32003)));
        }
        // allowed, forwarded by prefix, refused by the upstream
        batch(ws, admin, adminSession, "198.51.100.62", randomNames(32)).then().statusCode(200);

        // 354 made-up names: at most one meter per outcome, none per name
        var ofWorkspace = meters.find("gatehouse.gateway.tool.calls").tag("workspace", ws).meters();
        assertTrue(ofWorkspace.size() <= CallOutcomes.Status.values().length, ofWorkspace.size() + " meters");
        ofWorkspace.forEach(meter -> assertEquals("unknown", meter.getId().getTag("tool"), meter.getId().toString()));
        assertTrue(toolCallMeters() - before <= 2, "new meters: " + (toolCallMeters() - before));
        assertTrue(meters.find("gatehouse.gateway.tool.calls").tag("workspace", ws).tag("tool", "unknown")
                .tag("status", "blocked").timer().count() >= 320);
    }

    @Test
    void H6_aBatchOverTheCapIsRefusedWithAClearMessage() {
        String ws = ControlPlaneDouble.newWorkspace("batchcap");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, admin, "2025-03-26");
        long before = toolCallMeters();
        // the review's probe: 12,000 calls in one body just under max-body-bytes (no arguments)
        List<String> names = IntStream.range(0, 12_000).mapToObj(i -> "alpha_" + HexFormat.of().toHexDigits(RANDOM.nextInt()))
                .toList();
        String body = IntStream.range(0, names.size()).mapToObj(i -> "{\"jsonrpc\":\"2.0\",\"id\":" + i
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + names.get(i) + "\"}}")
                .collect(Collectors.joining(",", "[", "]"));
        assertTrue(body.length() < 1_048_576, body.length() + " bytes");
        batchBody(ws, admin, session, "198.51.100.63", body).then()
                .statusCode(400)
                .body("error.code", equalTo(-32600))
                .body("error.message", containsString("at most 32 messages; this one has 12000"));
        batch(ws, admin, session, "198.51.100.63", randomNames(33)).then().statusCode(400);
        assertEquals(before, toolCallMeters());
    }

    @Test
    void H6_everyBatchMemberCountsAgainstTheRateLimit() {
        String ws = ControlPlaneDouble.newWorkspace("batchrate");
        CP.putServer(ws, new Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String admin = CP.issueToken(ws, TokenKind.WORKSPACE_ADMIN, null, false, List.of());
        String session = McpHttp.session(ws, admin, "2025-03-26");
        String pings = IntStream.range(0, 32).mapToObj(i -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"ping\"}")
                .collect(Collectors.joining(",", "[", "]"));
        // 200 a minute: six batches of 32 pass (plus what flows back meanwhile), then one is refused whole
        long started = System.nanoTime();
        int served = 0;
        Response answer;
        while ((answer = batchBody(ws, admin, session, "198.51.100.64", pings)).statusCode() == 200) {
            served++;
            double refilled = (System.nanoTime() - started) / 60e9 * 200;
            int remaining = Integer.parseInt(answer.header("RateLimit-Remaining"));
            assertTrue(remaining <= 200 - 32 * served + refilled + 1, remaining + " left after " + served + " batches");
            assertTrue(served <= 7, "batch members are not counted");
        }
        assertTrue(served >= 6, served + " batches served");
        answer.then().statusCode(429).contentType("application/problem+json").body("code", equalTo(-32004));
        // what is left is less than a batch, but a single request still passes
        McpHttp.request(admin).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-03-26")
                .header("X-Forwarded-For", "198.51.100.64").body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                .post(McpHttp.path(ws)).then().statusCode(200);
    }

    private long toolCallMeters() {
        return meters.find("gatehouse.gateway.tool.calls").meters().size();
    }

    private static List<String> randomNames(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[8];
            RANDOM.nextBytes(bytes);
            names.add("alpha_" + HexFormat.of().formatHex(bytes));
        }
        return names;
    }

    private static Response batch(String ws, String token, String session, String clientIp, List<String> names) {
        String body = IntStream.range(0, names.size()).mapToObj(i -> call(i, names.get(i), "{}"))
                .collect(Collectors.joining(",", "[", "]"));
        return batchBody(ws, token, session, clientIp, body);
    }

    private static Response batchBody(String ws, String token, String session, String clientIp, String body) {
        return McpHttp.request(token).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-03-26")
                .header("X-Forwarded-For", clientIp).body(body).post(McpHttp.path(ws));
    }

    private static List<String> consume(String workspace, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "bounds-test-" + UUID.randomUUID(),
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
