package dev.gatehouse.gateway.audit;

import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Reads {@code gatehouse.tool-calls} on the real Kafka with a plain consumer, as audit-service would. */
public final class ToolCallsTopic {

    private ToolCallsTopic() {
    }

    /**
     * Reads the topic from the beginning until {@code expected} distinct events (by id) match.
     *
     * @return the matching records by event id, in arrival order (duplicates of a redelivery dropped)
     */
    public static Map<String, ConsumerRecord<String, String>> awaitEvents(Predicate<EventEnvelope> match, int expected) {
        Map<String, ConsumerRecord<String, String>> arrived = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "tool-calls-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.TOOL_CALLS));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope event = EventJson.read(record.value().getBytes(StandardCharsets.UTF_8));
                    if (match.test(event)) {
                        arrived.putIfAbsent(event.id().toString(), record);
                    }
                }
                return arrived.size() >= expected;
            });
        }
        return arrived;
    }
}
