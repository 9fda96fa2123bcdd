package dev.gatehouse.audit.messaging;

import dev.gatehouse.audit.config.TopicsConfig;
import dev.gatehouse.shared.outbox.ReliableProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records that are not event envelopes to the dead-letter topic, byte for byte, with the
 * reason and origin in headers, and waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String REASON_HEADER = "gatehouse-dead-letter-reason";
    public static final String SOURCE_HEADER = "gatehouse-dead-letter-source";

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<String, byte[]> producer;
    private final String topic;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public DeadLetterPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                               TopicsConfig topics) {
        // The shared reliable producer settings, with raw bytes as values: a poison record may not
        // even be UTF-8, and it is kept exactly as received.
        Producer raw = ReliableProducer.create(bootstrapServers, "audit-service-dead-letter", DELIVERY_TIMEOUT,
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        this.producer = raw;
        this.topic = topics.deadLetter();
    }

    /** Publishes {@code record} with {@code reason}; returns once the broker has it. */
    public void publish(ConsumerRecord<String, byte[]> record, String reason)
            throws ExecutionException, InterruptedException, TimeoutException {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, record.key(), record.value());
        dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(SOURCE_HEADER, (record.topic() + "/" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        producer.send(dead).get(DELIVERY_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
