package dev.gatehouse.audit.messaging;

import dev.gatehouse.shared.event.TopicNames;
import dev.gatehouse.shared.outbox.ReliableProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records kept out of the trail to the dead-letter topic, byte for byte, with the reason
 * code, reason and origin in headers, and waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String REASON_HEADER = "gatehouse-dead-letter-reason";
    public static final String SOURCE_HEADER = "gatehouse-dead-letter-source";
    /** The bounded reason code, e.g. {@code field_too_long} (the label of the dead-letter metric). */
    public static final String CODE_HEADER = "gatehouse-dead-letter-code";

    /** Set when the value had to be cut to fit: the original size and SHA-256. */
    public static final String TRUNCATED_HEADER = "gatehouse-dead-letter-truncated";

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    private static final int TRUNCATED_BYTES = 64 * 1024;

    private final Producer<String, byte[]> producer;
    private final String topic;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public DeadLetterPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                               TopicNames topics) {
        // The shared reliable producer settings, with raw bytes as values: a poison record may not
        // even be UTF-8, and it is kept exactly as received.
        Producer raw = ReliableProducer.create(bootstrapServers, "audit-service-dead-letter", DELIVERY_TIMEOUT,
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        this.producer = raw;
        this.topic = topics.deadLetter();
    }

    /** Publishes {@code record} with {@code code} and {@code reason}; returns once the broker has it. */
    public void publish(ConsumerRecord<String, byte[]> record, String code, String reason)
            throws ExecutionException, InterruptedException, TimeoutException {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topic, record.key(), record.value());
        dead.headers().add(CODE_HEADER, code.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add(SOURCE_HEADER, (record.topic() + "/" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(dead).get(DELIVERY_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RecordTooLargeException)) {
                throw e;
            }
            // The record plus headers no longer fits a request: a retry would fail forever and stall
            // ingest. Keep its head and the SHA-256 of the whole value instead.
            producer.send(truncated(dead, record.value())).get(DELIVERY_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        }
    }

    private ProducerRecord<String, byte[]> truncated(ProducerRecord<String, byte[]> dead, byte[] value) {
        byte[] head = Arrays.copyOf(value, Math.min(value.length, TRUNCATED_BYTES));
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topic, dead.key(), head);
        dead.headers().forEach(copy.headers()::add);
        copy.headers().add(TRUNCATED_HEADER, (value.length + " bytes, sha256 " + sha256(value)).getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
