package dev.gatehouse.audit;

import dev.gatehouse.infra.testing.TestInfra;
import dev.gatehouse.shared.event.EventEnvelope;
import dev.gatehouse.shared.event.EventJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Real Kafka and PostgreSQL access for tests: publish events, read and tamper with rows. */
public final class TestSupport {

    private static KafkaProducer<String, byte[]> producer;

    private TestSupport() {
    }

    /** A workspace slug no other test uses. */
    public static String workspace(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static EventEnvelope toolCall(String workspace, String server, String tool, String status, long latencyMs,
                                         String member) {
        Map<String, Object> data = new HashMap<>();
        data.put("server", server);
        data.put("tool", tool);
        data.put("status", status);
        // EventEnvelope refuses null values in data (Map.copyOf), so a successful call carries no errorCode.
        if (!status.equals("ok")) {
            data.put("errorCode", -32000);
        }
        data.put("latencyMs", latencyMs);
        data.put("session", "session-1");
        data.put("clientIp", "127.0.0.1");
        data.put("tokenId", "token-" + member);
        data.put("memberId", member);
        return EventEnvelope.now("tool.called", workspace, "token-" + member, data);
    }

    public static EventEnvelope at(EventEnvelope event, Instant time) {
        return new EventEnvelope(event.id(), event.type(), time.truncatedTo(ChronoUnit.MICROS), event.workspace(),
                event.actor(), event.data());
    }

    public static void publish(String topic, EventEnvelope event) {
        publish(topic, event.workspace(), EventJson.write(event).getBytes(StandardCharsets.UTF_8));
    }

    public static synchronized void publish(String topic, String key, byte[] value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().kafkaBootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publish to " + topic + " failed", e);
        }
    }

    /** A superuser connection, as an attacker with database access would have. */
    public static Connection superuser() throws SQLException {
        TestInfra infra = TestInfra.get();
        return DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUser(), infra.jdbcPassword());
    }

    public static int execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = superuser(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    public static long count(String sql, Object... parameters) throws SQLException {
        return column(sql, parameters).stream().mapToLong(v -> ((Number) v).longValue()).findFirst().orElseThrow();
    }

    /** The first column of every row. */
    public static List<Object> column(String sql, Object... parameters) throws SQLException {
        try (Connection connection = superuser(); PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<Object> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getObject(1));
            }
            return values;
        }
    }

    /** The sequence numbers stored for a workspace, in order. */
    public static List<Long> seqs(String workspace) throws SQLException {
        return column("select seq from audit.events where workspace = ? order by seq", workspace).stream()
                .map(v -> ((Number) v).longValue()).toList();
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }
}
