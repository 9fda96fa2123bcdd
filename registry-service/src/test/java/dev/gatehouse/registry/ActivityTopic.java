package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import dev.gatehouse.shared.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads registry's activity events from the real Kafka topic, as a downstream consumer would. */
final class ActivityTopic {

    private ActivityTopic() {
    }

    /**
     * Reads the topic from the start until the events keyed by {@code workspace} satisfy
     * {@code until}, and returns them in order; fails after 90 seconds. Like every consumer it
     * drops redeliveries by event id (the outbox relay delivers at least once).
     */
    static List<EventEnvelope> await(String workspace, Predicate<List<EventEnvelope>> until) {
        // no consumer group: assigning the partitions directly skips the group coordinator, whose
        // offsets topic a fresh single-node broker takes a long time to create
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<EventEnvelope> events = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = partitions(consumer);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (workspace.equals(record.key())) {
                        EventEnvelope event = EventJson.read(record.value().getBytes(StandardCharsets.UTF_8));
                        if (seen.add(event.id())) {
                            events.add(event);
                        }
                    }
                }
                if (until.test(events)) {
                    return events;
                }
            }
        }
        throw new AssertionError("events of workspace " + workspace + " did not arrive; got " + types(events));
    }

    /** The topic's partitions; none until the first event of the run has created it. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.ACTIVITY, Duration.ofSeconds(5));
            return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        } catch (TimeoutException e) {
            return List.of();
        }
    }

    /** Waits for the events of {@code workspace} until one of {@code type} is among them. */
    static List<EventEnvelope> awaitType(String workspace, String type) {
        return await(workspace, events -> types(events).contains(type));
    }

    static List<String> types(List<EventEnvelope> events) {
        return events.stream().map(EventEnvelope::type).toList();
    }
}
