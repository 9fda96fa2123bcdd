package dev.gatehouse.gateway.audit;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.gateway.testsupport.McpHttp;
import dev.gatehouse.gateway.testsupport.Upstreams;
import dev.gatehouse.infra.KafkaBroker;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Kafka broker stopped and started again: events recorded and calls served meanwhile all arrive. */
@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class ToolCallRecorderKafkaOutageTest {

    private static final ControlPlaneDouble CP = ControlPlaneDouble.get();

    @Inject
    SpoolingToolCallRecorder recorder;

    @Test
    void eventsRecordedAndCallsServedWhileKafkaIsDownAllArriveOnceItIsBack() {
        String ws = ControlPlaneDouble.newWorkspace("outage");
        CP.putServer(ws, new ControlPlaneDouble.Server("alpha", Upstreams.of("alpha").url(), "alpha_"));
        String member = CP.issueToken(ws, TokenKind.MEMBER, "bob", false, List.of());
        String session = McpHttp.session(ws, member, "2025-06-18");
        int calls = 8;
        KafkaBroker kafka = TestInfra.get().kafka().orElseThrow();
        Map<String, String> recorded = new LinkedHashMap<>();
        record(recorded, 3);
        kafka.stop();
        try {
            record(recorded, 30);
            for (int i = 0; i < calls; i++) {
                // calls go on while Kafka is away (strict mode is off)
                McpHttp.post(ws, member, session, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"alpha_echo\",\"arguments\":{\"text\":\"hi\"}}}").then()
                        .statusCode(200)
                        .body("result.content[0].text", equalTo("hi"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.kafkaDownSince() != null);
            assertTrue(recorder.isAccepting(), "the spool keeps events, so recording goes on");
            given().when().get("/q/health/ready")
                    .then().statusCode(200)
                    .body("checks.find { it.name == 'audit-events' }.data.status", startsWith("spooling: Kafka unreachable for"));
            record(recorded, 5);
        } finally {
            kafka.start();
        }
        Map<String, String> arrived = new LinkedHashMap<>();
        int callEvents = 0;
        for (ConsumerRecord<String, String> record : ToolCallsTopic.awaitEvents(
                event -> recorded.containsKey(event.id().toString()) || event.workspace().equals(ws),
                recorded.size() + calls).values()) {
            if (record.key().equals(ws)) {
                callEvents++;
            } else {
                assertEquals("outage-ws", record.key(), "keyed by workspace");
                arrived.put(EventJson.read(record.value().getBytes(StandardCharsets.UTF_8)).id().toString(), record.value());
            }
        }
        assertEquals(recorded, arrived, "every event arrives exactly as recorded");
        assertEquals(calls, callEvents, "one event per call served during the outage");
        await().atMost(Duration.ofSeconds(30)).until(() -> recorder.pending() == 0 && recorder.kafkaDownSince() == null);
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("audit-events"))
                .body("checks.find { it.name == 'audit-events' }.data.status", startsWith("ok"));
    }

    private void record(Map<String, String> recorded, int count) {
        for (int i = 0; i < count; i++) {
            Map<String, Object> data = new HashMap<>();
            data.put("server", "alpha");
            data.put("tool", "echo");
            data.put("status", "ok");
            data.put("latencyMs", 12);
            data.put("session", "s-" + i);
            data.put("clientIp", "203.0.113.1");
            data.put("tokenId", UUID.randomUUID().toString());
            data.put("memberId", "alice");
            EventEnvelope event = new EventEnvelope(UUID.randomUUID(), "tool.called",
                    Instant.now().truncatedTo(ChronoUnit.MICROS), "outage-ws",
                    "alice", data);
            recorder.record(event);
            recorded.put(event.id().toString(), EventJson.write(event));
        }
    }
}
