package dev.gatehouse.gateway.audit;

import dev.gatehouse.gateway.testsupport.ControlPlaneDouble;
import dev.gatehouse.infra.KafkaBroker;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.event.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ControlPlaneDouble.Resource.class, restrictToAnnotatedClass = false)
class ToolCallRecorderKafkaOutageTest {

    @Inject
    SpoolingToolCallRecorder recorder;

    @Test
    void eventsRecordedWhileKafkaIsDownArriveUnchangedOnceItIsBack() {
        KafkaBroker kafka = TestInfra.get().kafka().orElseThrow();
        Map<String, String> recorded = new LinkedHashMap<>();
        record(recorded, 3);
        kafka.stop();
        try {
            record(recorded, 30);
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.kafkaDownSince() != null);
            assertTrue(recorder.isAccepting(), "the spool keeps events, so recording goes on");
            given().when().get("/q/health/ready")
                    .then().statusCode(200)
                    .body("checks.find { it.name == 'audit-events' }.data.status", startsWith("spooling: Kafka unreachable for"));
            record(recorded, 5);
        } finally {
            kafka.start();
        }
        Map<String, String> arrived = consumeUntil(recorded.keySet().size(), recorded);
        assertEquals(recorded, arrived, "every event arrives exactly as recorded");
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

    /** Reads the topic from the start until every recorded id was seen; returns id -> value as it arrived. */
    private static Map<String, String> consumeUntil(int expected, Map<String, String> recorded) {
        Map<String, String> arrived = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.TOOL_CALLS));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = EventJson.read(record.value().getBytes(StandardCharsets.UTF_8)).id().toString();
                    if (recorded.containsKey(id)) {
                        arrived.put(id, record.value());
                        keys.add(record.key());
                    }
                }
                return arrived.size() >= expected;
            });
        }
        assertTrue(keys.stream().allMatch("outage-ws"::equals), "keyed by workspace");
        return arrived;
    }
}
