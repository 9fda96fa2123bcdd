package dev.gatehouse.shared.outbox;

import dev.gatehouse.shared.kafka.KafkaClientSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds the Kafka producer every audit-worthy event goes through: acknowledged by all replicas, idempotent. */
public final class ReliableProducer {

    private ReliableProducer() {
    }

    /**
     * @param bootstrapServers Kafka bootstrap servers
     * @param clientId         names the producer in broker logs and metrics
     * @param deliveryTimeout  how long the client itself keeps retrying one record
     * @param extra            further producer settings, applied last
     */
    public static Producer<String, String> create(String bootstrapServers, String clientId,
                                                  Duration deliveryTimeout, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, Math.min(deliveryTimeout.toMillis() - 100, 30_000)));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        // send() must never block a caller for long when the broker is away.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // The service's kafka.* security settings (SASL/TLS), so no caller can forget them.
        config.putAll(KafkaClientSettings.security());
        config.putAll(extra);
        return new KafkaProducer<>(config);
    }
}
