package dev.gatehouse.registry.messaging;

import dev.gatehouse.registry.config.RegistryConfig;
import dev.gatehouse.shared.outbox.Outbox;
import dev.gatehouse.shared.outbox.OutboxRelay;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;

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
    OutboxRelay relay(DataSource dataSource, RegistryConfig config,
                      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return OutboxRelay.toKafka(dataSource, TABLE, bootstrapServers, "registry-service",
                config.outbox().sendTimeout(), config.outbox().batchSize());
    }

    void close(@Disposes OutboxRelay relay) {
        relay.close();
    }
}
