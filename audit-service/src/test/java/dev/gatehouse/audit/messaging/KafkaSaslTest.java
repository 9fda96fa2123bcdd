package dev.gatehouse.audit.messaging;

import dev.gatehouse.infra.KafkaBroker;
import dev.gatehouse.shared.kafka.KafkaClientSettings;
import dev.gatehouse.shared.outbox.ReliableProducer;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * H3: the Kafka security settings a deployment gives a service (here as the environment variables
 * the chart sets) reach the hand-built clients, against a real broker that accepts SASL only.
 */
class KafkaSaslTest {

    @Test
    void H3_clientsBuiltWithTheServicesKafkaSettingsAuthenticateAndPlaintextOrWrongPasswordsAreRefused() throws Exception {
        Path dir = Files.createTempDirectory("gatehouse-sasl-");
        try (KafkaBroker broker = KafkaBroker.startWithSasl(dir, "audit", "audit-secret")) {
            String jaas = new KafkaBroker.SaslUser("audit", "audit-secret").jaasConfig();
            Map<String, Object> security = KafkaClientSettings.from(environment(Map.of(
                    "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "KAFKA_SASL_MECHANISM", "PLAIN",
                    "KAFKA_SASL_JAAS_CONFIG", jaas)));
            assertEquals(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas), security);

            try (Producer<String, String> producer = ReliableProducer.create(broker.bootstrapServers(), "sasl-test",
                    Duration.ofSeconds(20), security)) {
                producer.send(new ProducerRecord<>("sasl-check", "acme", "through SASL")).get(30, TimeUnit.SECONDS);
            }
            assertEquals("through SASL", consumeOne(broker, security).value());

            try (Producer<String, String> plaintext = ReliableProducer.create(broker.bootstrapServers(), "plaintext",
                    Duration.ofSeconds(3), Map.of())) {
                assertThrows(ExecutionException.class, () -> plaintext.send(new ProducerRecord<>("sasl-check", "acme", "x"))
                        .get(10, TimeUnit.SECONDS), "a PLAINTEXT client gets no metadata from a SASL listener");
            }

            Map<String, Object> wrong = new HashMap<>(security);
            wrong.put("sasl.jaas.config", new KafkaBroker.SaslUser("audit", "guess").jaasConfig());
            try (Producer<String, String> guessing = ReliableProducer.create(broker.bootstrapServers(), "guessing",
                    Duration.ofSeconds(3), wrong)) {
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> guessing.send(new ProducerRecord<>("sasl-check", "acme", "x")).get(10, TimeUnit.SECONDS));
                assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), refused.toString());
            }
        }
    }

    private static Config environment(Map<String, String> variables) {
        return new SmallRyeConfigBuilder().withSources(new EnvConfigSource(variables, 300)).build();
    }

    private static ConsumerRecord<String, String> consumeOne(KafkaBroker broker, Map<String, Object> security) {
        Map<String, Object> settings = new HashMap<>(security);
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-test");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of("sasl-check"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("nothing consumed through SASL");
    }
}
