package dev.gatehouse.infra;

import dev.gatehouse.infra.testing.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded infrastructure is real: SQL runs, records travel through the broker, and both survive a restart. */
class LocalInfraTest {

    private final TestInfra infra = TestInfra.get();

    @Test
    void postgresAnswersSqlAndKeepsDataAcrossARestart() throws Exception {
        try (Connection c = connect()) {
            c.createStatement().execute("create table if not exists kept (v text)");
            c.createStatement().execute("insert into kept values ('still here')");
        }
        Postgres postgres = infra.postgres().orElseThrow();
        postgres.stop();
        assertFalse(Ports.isListening(postgres.port()));
        postgres.start();
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery("select count(*) from kept where v = 'still here'")) {
            rs.next();
            assertTrue(rs.getInt(1) >= 1);
        }
    }

    @Test
    void kafkaDeliversRecordsAndKeepsThemAcrossARestart() throws Exception {
        String topic = "infra-test-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, "k", "before restart")).get(30, TimeUnit.SECONDS);
        }
        KafkaBroker kafka = infra.kafka().orElseThrow();
        kafka.stop();
        assertFalse(Ports.isListening(kafka.port()));
        kafka.start();
        assertEquals(List.of("before restart"), consumeAll(topic, 1));
    }

    private List<String> consumeAll(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "infra-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUser(), infra.jdbcPassword());
    }
}
