package dev.gatehouse.identity;

import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what is on a real Kafka topic, from the beginning, for one workspace. */
final class KafkaEvents {

    private KafkaEvents() {
    }

    /** Every event currently on {@code topic} whose record key is {@code workspace}, in order. */
    static List<EventEnvelope> of(String topic, String workspace) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<EventEnvelope> events = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (workspace.equals(record.key())) {
                        events.add(EventJson.read(record.value().getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            return events;
        }
    }

    static List<String> types(String topic, String workspace) {
        return of(topic, workspace).stream().map(EventEnvelope::type).toList();
    }

    /**
     * Like {@link #types}, each event counted once: the outbox publishes at least once (a send Kafka
     * stored but did not acknowledge in time is sent again), and consumers drop a repeat by event id.
     */
    static List<String> distinctTypes(String topic, String workspace) {
        Map<UUID, String> byId = new LinkedHashMap<>();
        of(topic, workspace).forEach(event -> byId.putIfAbsent(event.id(), event.type()));
        return List.copyOf(byId.values());
    }
}
