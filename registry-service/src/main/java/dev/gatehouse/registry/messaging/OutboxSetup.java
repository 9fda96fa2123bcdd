package dev.gatehouse.registry.messaging;

import dev.gatehouse.registry.config.RegistryConfig;
import dev.gatehouse.shared.outbox.Outbox;
import dev.gatehouse.shared.outbox.OutboxRelay;
import dev.gatehouse.shared.outbox.ReliableProducer;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;

/** Wires the shared transactional outbox to registry's table and Kafka. */
public class OutboxSetup {

    /** The outbox table; a constant, never user input. */
    public static final String TABLE = "registry.outbox";

    @Produces
    @Singleton
    Outbox outbox(DataSource dataSource) {
        return new Outbox(dataSource, TABLE);
    }

    @Produces
    @Singleton
    Producer<String, String> producer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return ReliableProducer.create(bootstrapServers, "registry-service", Duration.ofSeconds(10), Map.of());
    }

    void close(@Disposes Producer<String, String> producer) {
        producer.close(Duration.ofSeconds(2));
    }

    @Produces
    @Singleton
    OutboxRelay relay(DataSource dataSource, Producer<String, String> producer, RegistryConfig config) {
        return new OutboxRelay(dataSource, TABLE, producer, config.outbox().sendTimeout(), config.outbox().batchSize());
    }
}
